import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TraceStep } from '../../src/engine/CheckResult.ts';
import type { TraceFile } from '../../src/report/TraceFile.ts';
import type { ConnectorConfig } from '../../models/pipeline/ConnectorConfig.ts';
import type { ScopeName } from '../../models/Scenario.ts';
import { getScenario } from '../../models/scenarios.ts';
import { traceWithWal } from '../internal/traceWithWal.ts';
import type { Action } from '../../models/world/Action.ts';
import type { World } from '../../models/world/World.ts';
import { DatabaseMirror, MirrorDivergence } from '../internal/DatabaseMirror.ts';
import { firstDatabaseDifference, modelDatabaseFrom } from '../internal/realDatabase.ts';
import { integerColumns } from '../replayOnPostgres.ts';
import { startPostgres, type PostgresServer } from '../startPostgres.ts';
import { startBroker, type Broker } from './Broker.ts';
import { HarnessClient } from './HarnessClient.ts';
import { artifactVersion } from './internal/harnessClasspath.ts';
import { build, preflight } from './runPipelineSuite.ts';
import { padOversized, PipelineUnderReplay } from './PipelineUnderReplay.ts';
import { planRealReplay, RealReplayRefused, type ReplayConsumer } from './RealReplayPlan.ts';
import { firstKafkaDifference, knownRecords, realKafka } from './realKafka.ts';

/** Where `replayOnPipeline` runs; anything not given is started for the replay and stopped after it. */
export interface ReplayOnPipelineOptions {
  /** A PostgreSQL with `wal_level=logical`; default: `startPostgres()`. */
  connectionString?: string;
  /** A Kafka broker's `host:port`; default: `KAFKA_BOOTSTRAP_SERVERS` if set, else a fresh one-node KRaft broker. */
  bootstrap?: string;
  /** A running harness JVM on that broker; default: one started for the replay. */
  harness?: HarnessClient;
  /** Called with each report line as soon as it is known (the replay takes a while). */
  print?: (line: string) => void;
}

/** The outcome of a real replay: the trace's violation shown by the real systems, or the first step where they differ. */
export interface RealReplayResult {
  verdict: 'reproduced' | 'diverged';
  /** With `diverged`: the first step whose observed real state differs from the model's. */
  step?: number;
  report: string;
}

let replays = 0;

/**
 * Whether the real pipeline can run here: Java 17+ and Maven on PATH, and the harness built
 * (offline from the local Maven repository, else once from Maven Central). Undefined when it
 * can; otherwise the same one line `npm run test:pipeline` prints.
 */
export function pipelineReady(): string | undefined {
  return preflight() ?? build();
}

/**
 * `cdc-check replay --real FILE.json`: re-enacts a counterexample on the real pipeline
 * (PostgreSQL, a Kafka broker, Kafka Connect with Debezium), each model step at its real
 * control point (`planRealReplay`; a step with none refuses the whole trace with
 * `RealReplayRefused`, before anything runs).
 *
 * After each step it reads what the real systems say, and compares it with the step's recorded
 * state: PostgreSQL's tables and decoded WAL with the model's database, the broker's records
 * with the model's Kafka (the real connector may be ahead of the model's steps, never
 * elsewhere; at the end, equal), and at offset commits, crashes and slot losses the change the
 * worker's stored offset points at with the model's. The first difference is "diverged at step
 * k". When every step agrees, the trace's property is evaluated on a world whose database and
 * Kafka are the real ones: "reproduced" when it fails there too.
 */
export async function replayOnPipeline(trace: TraceFile, steps: readonly TraceStep<unknown, unknown>[], options: ReplayOnPipelineOptions = {}): Promise<RealReplayResult> {
  const meta = trace['#meta'];
  const scenario = getScenario(meta.scenario);
  if (scenario === undefined) throw new RealReplayRefused(0, `unknown scenario ${meta.scenario}`);
  // PostgreSQL's decoded WAL is compared with the model's, which a world without a connector
  // does not keep: its model here keeps it.
  const { model, trail } = traceWithWal(meta.scenario, (meta.scope ?? 'small') as ScopeName, steps as readonly TraceStep<World, Action>[]);
  const property = model.properties.find((p) => p.name === meta.property);
  if (property === undefined || (property.kind !== 'always' && property.kind !== 'atQuiescence') || meta.loopsBackTo !== undefined) {
    throw new RealReplayRefused(0, `${meta.property} is not a safety or at-quiescence property; a real run cannot show a ${property?.kind ?? 'missing'} violation`);
  }
  const connector = connectorOf(scenario.knobs.pipeline);
  const plan = planRealReplay(trail, (a) => model.view!.actor(a), connector, consumerOf(scenario.knobs));
  const lines: string[] = [];
  const say = (line: string) => (lines.push(line), options.print?.(line));
  const own: { postgres?: PostgresServer; broker?: Broker; harness?: HarnessClient; dir?: string } = {};
  let mirror: DatabaseMirror | undefined;
  let real: PipelineUnderReplay | undefined;
  let admin: pg.Client | undefined;
  try {
    const url = options.connectionString ?? (own.postgres = await startPostgres()).connectionString;
    const bootstrap = options.bootstrap ?? process.env.KAFKA_BOOTSTRAP_SERVERS ?? (own.broker = await startBroker()).bootstrap;
    own.dir = await mkdtemp(join(tmpdir(), 'cdc-check-replay-real-'));
    const harness = options.harness ?? (own.harness = await HarnessClient.start(bootstrap, own.dir));
    say(`real pipeline: PostgreSQL${own.postgres ? ` ${own.postgres.version}` : ''}, Kafka ${artifactVersion('kafka_2.13')}${connector ? `, Kafka Connect ${artifactVersion('connect-runtime')}, Debezium ${artifactVersion('debezium-connector-postgres')}` : ''}: re-enacting ${meta.scenario} · ${meta.property} (${trail.length - 1} steps)`);
    const pad = (w: World) => padOversized(w.db, plan.oversized);
    mirror = await DatabaseMirror.open(url, pad(trail[0]!.state), integerColumns(trail));
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const prefix = `rr_${process.pid}_${++replays}`;
    const final = trail.at(-1)!.state;
    const known = knownRecords(trail.map((s) => s.state.kafka));
    const byId = new Map(known.map((r) => [r.id, r]));
    const appliedAs = (id: string) => byId.get(id)?.change ?? id;
    real = await PipelineUnderReplay.create({ admin, harness, bootstrap, url, prefix, schema: mirror.schema, dir: own.dir, connector, first: trail[0]!.state, consumer: plan.consumer, appliedAs });
    let realWorld: World = trail[0]!.state;
    for (const [i, step] of trail.entries()) {
      const last = i === trail.length - 1;
      let divergence: string | null = null;
      if (i === 0) say('#0 the initial state (the seed committed on PostgreSQL, the topics created)');
      else {
        const planned = plan.steps[i]!;
        say(`#${i} ${step.action!.label}`);
        say(`    real: ${planned.note}`);
        try {
          for (const sql of await mirror.apply(pad(trail[i - 1]!.state), pad(step.state))) say(`    sql: ${sql.length > 160 ? `${sql.slice(0, 157)}...` : sql}`);
          divergence = await real.enact(planned, trail[i - 1]!.state, step.state);
        } catch (error) {
          if (!(error instanceof MirrorDivergence)) throw error;
          divergence = error.message;
        }
      }
      if (last) await real.settle();
      const observed = await mirror.observe(step.state.db.tables);
      divergence ??= firstDatabaseDifference(observed, pad(step.state));
      const records = await harness.dump(`${prefix}.`);
      const kafka = realKafka(records, step.state.kafka, prefix, known);
      if (kafka.stray.length > 0) divergence ??= `Kafka holds records on topics the model does not have: ${kafka.stray.map((r) => r.topic).join(', ')}`;
      divergence ??= firstKafkaDifference(kafka.kafka, step.state.kafka, final.kafka, last);
      realWorld = { ...step.state, db: divergence === null ? { ...modelDatabaseFrom(observed, pad(step.state)), slots: step.state.db.slots } : step.state.db, kafka: kafka.kafka };
      const connectorSays = await real.says(plan.steps[i] ?? null, step.state);
      divergence ??= connectorSays.divergence;
      if (plan.consumer !== null) {
        const consumerSays = await real.consumerSays(step.state);
        divergence ??= consumerSays.divergence;
        const g = step.state.groups[0]!;
        realWorld = { ...realWorld, groups: [{ ...g, applied: consumerSays.applied, dedup: plan.consumer.dedup === 'eventId' ? consumerSays.dedup : g.dedup, committed: [consumerSays.committed] }] };
      }
      const ours = model.view!.says(realWorld);
      const theirs = model.view!.says(step.state);
      say(`    DB says ${ours.DB} / Kafka says ${ours.Kafka}${connector ? ` / Connector says ${connectorSays.text}` : ''} / Consumer says ${ours.Consumer}${plan.consumer === null ? ' (no consumer is re-enacted)' : ''}`);
      say(`    model: DB says ${theirs.DB} / Kafka says ${theirs.Kafka}${connector ? ` / Connector says ${theirs.Connector}` : ''} / Consumer says ${theirs.Consumer}`);
      if (divergence !== null) {
        say(`diverged at step ${i}: ${divergence}`);
        return { verdict: 'diverged', step: i, report: lines.join('\n') };
      }
    }
    if (property.holds(realWorld)) {
      say(`diverged at step ${trail.length - 1}: every step agreed, yet ${meta.property} holds on the real systems' data`);
      return { verdict: 'diverged', step: trail.length - 1, report: lines.join('\n') };
    }
    say(`reproduced: ${meta.property} fails on the real systems' data${property.explain ? `: ${property.explain(realWorld) ?? ''}` : ''}`);
    return { verdict: 'reproduced', report: lines.join('\n') };
  } finally {
    await real?.close();
    await admin?.end().catch(() => undefined);
    await mirror?.close();
    await own.harness?.stop();
    await own.broker?.stop();
    await own.postgres?.stop();
    if (own.dir !== undefined && !process.env.CDC_CHECK_KEEP_PIPELINE_LOGS) await rm(own.dir, { recursive: true, force: true });
  }
}

/**
 * The downstream consumer's knobs, or null when the scenario's consumer cannot be re-enacted (a
 * consumer variant, several instances, or the service listening to itself): its steps are then
 * refused by the plan.
 */
function consumerOf(knobs: Readonly<Record<string, unknown>>): ReplayConsumer | null {
  const c = knobs.consumer as { commit?: 'after' | 'before'; dedup?: 'none' | 'eventId'; variant?: unknown } | undefined;
  if (c?.commit === undefined || c.dedup === undefined || c.variant !== undefined) return null;
  if (((knobs.extraConsumers as unknown[] | undefined)?.length ?? 0) > 0 || (knobs as { variants?: { consumer?: unknown } }).variants?.consumer !== undefined) return null;
  return { commit: c.commit, dedup: c.dedup };
}

/** The connector knobs of a scenario's pipeline, or null when it has no Debezium connector. */
function connectorOf(pipeline: unknown): ConnectorConfig | null {
  const p = pipeline as { kind?: string; connector?: ConnectorConfig; extraConnectors?: readonly unknown[] } | undefined;
  if (p?.kind === 'polling-relay') throw new RealReplayRefused(0, 'a polling publisher: the harness runs no relay');
  if (p?.kind !== 'debezium' || p.connector === undefined) return null;
  if ((p.extraConnectors?.length ?? 0) > 0) throw new RealReplayRefused(0, 'several connectors: replay --real runs one Connect worker');
  const c = p.connector;
  if (c.route !== 'outbox') throw new RealReplayRefused(0, 'the table route: replay --real re-enacts the Outbox Event Router only');
  if (c.exactlyOnceSource) throw new RealReplayRefused(0, 'exactly.once.source.support: the harness runs a standalone worker, which has no exactly-once source (KIP-618 needs a distributed worker)');
  const real = artifactVersion('debezium-connector-postgres');
  if (!real.startsWith(`${c.version}.`)) throw new RealReplayRefused(0, `the trace's connector behaves as Debezium ${c.version}; the harness runs ${real}`);
  return c;
}
