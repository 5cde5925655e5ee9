import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../internal/freePort.ts';
import { JavaProcess } from './internal/JavaProcess.ts';

/** A one-node Kafka broker in KRaft mode (broker and controller in one JVM) on loopback ports. */
export interface Broker {
  /** `host:port` for clients. */
  bootstrap: string;
  /** Where its logs and data live (a fresh temp dir, deleted by `stop`). */
  dir: string;
  /**
   * Kills the broker JVM and starts it again on the same log dir and ports (a broker restart);
   * `whileDown` runs between the two.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Formats a fresh temp log dir for a one-node KRaft cluster (`kafka.tools.StorageTool format`)
 * and starts `kafka.Kafka` on it with free loopback ports; resolves once it accepts
 * connections. Single-replica settings for the internal topics; topics are auto-created with
 * one partition.
 */
export async function startBroker(): Promise<Broker> {
  const dir = await mkdtemp(join(tmpdir(), 'cdc-check-kafka-'));
  const [port, controllerPort] = [await freePort(), await freePort()];
  const properties = join(dir, 'server.properties');
  await writeFile(
    properties,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${join(dir, 'data')}`,
      'num.partitions=1',
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      '',
    ].join('\n'),
  );
  // A KRaft cluster id is 16 random bytes in URL-safe base64 (22 characters). One starting
  // with '-' would be read as an option by the storage tool (as Kafka's own Uuid avoids): draw again.
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const format = new JavaProcess('kafka-storage format', 'kafka.tools.StorageTool', ['format', '-t', clusterId, '-c', properties], join(dir, 'format.log'));
  const formatted = await format.exited;
  if (formatted !== '0') throw new Error(`formatting the KRaft log dir failed (exit ${formatted}):\n${format.tail()}`);
  let jvm: JavaProcess | undefined;
  const start = async () => {
    jvm = new JavaProcess('kafka broker', 'kafka.Kafka', [properties], join(dir, 'broker.log'), ['-Xmx512m']);
    await waitForPort(port, 120_000, jvm);
  };
  await start();
  return {
    bootstrap: `127.0.0.1:${port}`,
    dir,
    async restart(whileDown) {
      await jvm?.kill();
      await whileDown?.();
      await start();
    },
    async stop() {
      await jvm?.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, ms: number, jvm: JavaProcess): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (jvm.child.exitCode !== null) throw new Error(`the Kafka broker exited (${jvm.child.exitCode}) before listening:\n${jvm.tail()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the Kafka broker did not listen on ${port} within ${ms} ms:\n${jvm.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
