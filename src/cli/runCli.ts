import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ScopeName } from '../../models/Scenario.ts';
import type { CheckMode } from '../engine/CheckResult.ts';
import type { Shard } from '../engine/Shard.ts';
import { CheckerError, InvalidOptionError } from '../index.ts';
import { createStyle } from '../report/Style.ts';
import type { CliIo } from './CliIo.ts';
import { docsCommand, PIPELINE_DOC } from './commands/docsCommand.ts';
import { explainCommand } from './commands/explainCommand.ts';
import { listCommand } from './commands/listCommand.ts';
import { checkOutFile, checkReportDir } from './internal/checkOutputPaths.ts';
import { boundsNote, defaultBounds } from './internal/defaultBounds.ts';
import { defaultWorkers } from './internal/defaultWorkers.ts';
import { parseShard } from './internal/parseShard.ts';
import type { ScenarioRegistry } from './ScenarioRegistry.ts';
import { ExitCode, UsageError } from './UsageError.ts';

const SCOPES = ['small', 'medium', 'large'] as const;
const MODES = ['exhaustive', 'random'] as const;

/**
 * Runs `cdc-check` with `argv` (the arguments after the program name) and returns the exit
 * code: 0 as expected, 1 a verdict differs (or a replay no longer reproduces), 2 bad usage.
 *
 * Every mistake (unknown command, option, scenario id or file) is one line naming it, then a
 * hint; never a stack trace. Only a bug in cdc-check itself escapes as an exception.
 */
export async function runCli(argv: readonly string[], registry: ScenarioRegistry, io: CliIo): Promise<number> {
  const style = createStyle(io.color);
  let code: number = ExitCode.ok;
  const program = new Command('cdc-check')
    .description('Model-check change-data-capture pipelines: dual writes, the transactional outbox and Debezium.')
    .exitOverride()
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // Commander's own errors are re-printed below in the CLI's one-line-plus-hint form.
      outputError: () => {},
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 every verdict as expected · 1 a verdict differs, or a replay no longer reproduces · 2 bad usage.\n' +
        'Examples:\n  cdc-check check dual-write outbox-cdc --report out/reports\n  cdc-check replay out/reports/dual-write/no-lost-events.json\n  cdc-check explain outbox-cdc\n',
    );

  program
    .command('list')
    .description('list the registered scenarios, one line each')
    .option('--json', 'print id, title and expected verdicts as JSON')
    .action((opts: { json?: boolean }) => {
      code = listCommand(registry, { json: opts.json === true }, io);
    });

  program
    .command('check')
    .description('check scenarios (all by default), printing each one\'s traces and verdicts as it finishes, then a summary')
    .argument('[ids...]', 'scenario ids (see `cdc-check list`)')
    .addOption(new Option('--mode <mode>', 'exploration mode').choices(MODES).default('exhaustive'))
    .addOption(new Option('--scope <scope>', 'scope size').choices(SCOPES).default('small'))
    .option('--seed <n>', `random: fast-check seed, ${SEED_MIN} to ${SEED_MAX} (default 42)`, integer('--seed', SEED_MIN, SEED_MAX))
    .option('--runs <n>', 'random: number of random schedules (default 200)', integer('--runs', 1))
    .option('--max-steps <n>', 'random: maximum steps per schedule (default 100)', integer('--max-steps', 1))
    .option('--max-states <n>', 'exhaustive: give up (incomplete) after this many distinct states (default 5,000,000; 100,000,000 at --scope large)', integer('--max-states', 1))
    .option('--max-depth <n>', 'exhaustive: do not expand states deeper than this (incomplete if any had successors)', integer('--max-depth', 0))
    .option('--timeout <ms>', 'give up (incomplete) after this many milliseconds per scenario (default: none; 20 minutes at --scope large, exhaustive)', integer('--timeout', 1))
    .option('--max-memory <mb>', 'exhaustive: give up (incomplete) once the heap holds this many MB (default: 70% of the heap limit)', integer('--max-memory', 1))
    .option('--symmetry', 'exhaustive: count states that differ only by renaming interchangeable aggregates as one (fewer states, same verdicts)')
    .option('--exact-keys', 'exhaustive: keep every state\'s full key instead of a 64-bit fingerprint (no hash collisions; more memory)')
    .option('--por', 'exhaustive: partial-order reduction, by what the model declares independent (same verdicts; counterexamples not necessarily shortest; see docs/partial-order-reduction.md)')
    .option('--subsumption', 'exhaustive: skip a state when one met at its depth or above is the same with more fault budget left (same verdicts, fewer states; see docs/subsumption.md)')
    .option('--workers <n>', 'exhaustive: search on N threads sharing one visited set (same verdicts and counts, counterexamples as short, the same on every run; a model with eventually properties runs on one; see docs/parallel-search.md). Default: the core count at --scope large, 1 at smaller scopes, where starting the threads costs about what they save', integer('--workers', 1))
    .option('--shard <i/n>', 'run shard i of n (from 0): exhaustive, the subtrees under a share of one frontier; random, a seed of its own (see docs/scale-out.md)', parseShard)
    .option('--out <file>', 'write the result as a shard result file, for `cdc-check merge`')
    .option('--json', 'print the verdict rows as JSON Lines (one object a line, as each scenario finishes)')
    .option('--report <dir>', 'write Markdown, HTML and JSON reports into DIR (replaced as a whole, atomically)')
    .addOption(new Option('--overwrite-committed-reports', 'let --report replace the committed reports/ (npm run reports)').hideHelp())
    .action(async (ids: string[], opts: CheckFlags, command: Command) => {
      const given = (flag: keyof CheckFlags): boolean => opts[flag] !== undefined;
      const misplaced = opts.mode === 'exhaustive' ? RANDOM_ONLY.filter(given) : EXHAUSTIVE_ONLY.filter(given);
      if (misplaced.length > 0) {
        const flags = misplaced.map(flagOf).join(', ');
        const other = opts.mode === 'exhaustive' ? 'random' : 'exhaustive';
        const modeGiven = command.getOptionValueSource('mode') === 'cli';
        throw new UsageError(
          `${flags} ${misplaced.length === 1 ? 'applies' : 'apply'} only to --mode ${other}, and this check is ${modeGiven ? '' : 'by default '}--mode ${opts.mode}`,
          `add --mode ${other}, or drop ${flags}`,
        );
      }
      if (opts.report !== undefined) checkReportDir(opts.report, registry, opts.overwriteCommittedReports === true);
      if (opts.out !== undefined) checkOutFile(opts.out);
      if (opts.report !== undefined && opts.shard !== undefined && opts.shard.count > 1) {
        throw new UsageError('--report applies to a whole check, and a shard checks a share of it', 'write the shards\' results with --out FILE, then `cdc-check merge --report DIR FILE…`');
      }
      if (opts.workers !== undefined && opts.workers > 1 && ((opts.shard !== undefined && opts.shard.count > 1) || opts.exactKeys)) {
        throw new UsageError(`--workers applies to a whole search that keeps fingerprints, not to ${opts.exactKeys ? '--exact-keys' : '--shard'}`, 'drop --workers, or the other flag');
      }
      if (opts.por && opts.shard !== undefined && opts.shard.count > 1) {
        throw new UsageError('--por applies to a whole search, not to a --shard', 'drop --por, or --shard');
      }
      if (opts.subsumption && opts.shard !== undefined && opts.shard.count > 1) {
        throw new UsageError('--subsumption applies to a whole search, not to a --shard', 'drop --subsumption, or --shard');
      }
      const sharded = opts.shard !== undefined && opts.shard.count > 1;
      const workers = opts.workers ?? (registry.source ? defaultWorkers({ scope: opts.scope, mode: opts.mode, sharded, exactKeys: opts.exactKeys === true }) : 1);
      if (opts.workers === undefined && workers > 1 && !opts.json) io.err(style.dim(`searching on ${workers} worker threads, one a core (--workers 1 for one thread)\n`));
      const bounds = defaultBounds({ scope: opts.scope, mode: opts.mode });
      const maxStates = opts.maxStates ?? bounds.maxStates;
      const timeout = opts.timeout ?? bounds.timeoutMs;
      // Said when a default bound was applied, that is when one differs from what the user gave.
      if (!opts.json && (maxStates !== opts.maxStates || timeout !== opts.timeout)) io.err(style.dim(`${boundsNote(maxStates, timeout)} (--max-states N, --timeout MS for others)\n`));
      // Loaded only when needed: a mistyped flag is answered without loading every renderer.
      const { checkCommand } = await import('./commands/checkCommand.ts');
      code = checkCommand(
        registry,
        ids,
        {
          mode: opts.mode,
          scope: opts.scope,
          json: opts.json === true,
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
          ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
          ...(maxStates !== undefined ? { maxStates } : {}),
          ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
          ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
          ...(opts.maxMemory !== undefined ? { maxMemoryMb: opts.maxMemory } : {}),
          ...(opts.symmetry ? { symmetry: true } : {}),
          ...(opts.exactKeys ? { exactKeys: true } : {}),
          ...(opts.por ? { por: true } : {}),
          ...(opts.subsumption ? { subsumption: true } : {}),
          ...(opts.report !== undefined ? { report: opts.report } : {}),
          ...(opts.shard !== undefined ? { shard: opts.shard } : {}),
          ...(workers > 1 ? { workers, ...(registry.source ? { source: registry.source } : {}) } : {}),
          ...(opts.out !== undefined ? { out: opts.out } : {}),
        },
        io,
      );
    });

  program
    .command('merge')
    .description('combine shard result files (`check --shard i/n --out FILE`) into one verdict matrix')
    .argument('<files...>', 'the shard result files, one per shard')
    .option('--json', 'print the merged verdict rows as JSON Lines')
    .option('--report <dir>', 'write Markdown, HTML and JSON reports of the merged verdicts into DIR, as `check --report` does')
    .action(async (files: string[], opts: { json?: boolean; report?: string }) => {
      if (opts.report !== undefined) checkReportDir(opts.report, registry, false);
      const { mergeCommand } = await import('./commands/mergeCommand.ts');
      code = mergeCommand(registry, files, { json: opts.json === true, ...(opts.report === undefined ? {} : { report: opts.report }) }, io);
    });

  program
    .command('replay')
    .description('re-run a recorded trace (FILE.json from --report, or a replay string with --scenario) against the current model')
    .argument('<trace>', 'a trace file written by `check --report`, or a replay string')
    .option('--scenario <id>', 'the scenario a bare replay string belongs to')
    .option('--property <name>', 'the property a bare replay string claims to violate (default: any)')
    .addOption(new Option('--scope <scope>', 'scope of a bare replay string').choices(SCOPES))
    .option('--postgres', 'also re-enact the trace on PostgreSQL (from conformance/)')
    .option('--real', 'also re-enact the trace file on the real pipeline: PostgreSQL, Kafka, Kafka Connect and Debezium (needs Java and Maven; docs/real-pipeline.md)')
    .action(async (trace: string, opts: { scenario?: string; scope?: ScopeName; property?: string; postgres?: boolean; real?: boolean }) => {
      if (opts.real) {
        const { replayRealCommand } = await import('./commands/replayRealCommand.ts');
        code = await replayRealCommand(registry, trace, opts, io);
        return;
      }
      const { replayCommand } = await import('./commands/replayCommand.ts');
      code = await replayCommand(registry, trace, opts, io);
    });

  program
    .command('run')
    .description('run a check script (FILE.ts) as `npx tsx FILE` would, from JavaScript compiled once without keepNames and cached: faster models')
    .argument('<file>', 'the script, TypeScript or JavaScript')
    .argument('[args...]', 'arguments for the script')
    .option('--por', 'give the script\'s exhaustive checks partial-order reduction where they can take it and set no reduction of their own (see docs/partial-order-reduction.md)')
    .option('--workers <n>', 'give the script\'s exhaustive checks that name a model source and set no worker count of their own N threads (see docs/parallel-search.md)', integer('--workers', 1))
    .passThroughOptions()
    .allowUnknownOption()
    .action(async (file: string, args: string[], opts: { por?: boolean; workers?: number }) => {
      if (opts.por && opts.workers !== undefined && opts.workers > 1) {
        throw new UsageError('--por applies to a one-thread search, not with --workers', 'drop --por, or --workers');
      }
      const { runCommand } = await import('./commands/runCommand.ts');
      code = await runCommand(file, args, io, { ...(opts.por ? { por: true } : {}), ...(opts.workers !== undefined ? { workers: opts.workers } : {}) });
    });

  program
    .command('explain')
    .description("print a scenario's machines as Mermaid state diagrams, with its knobs and expected verdicts")
    .argument('<id>', 'scenario id')
    .action((id: string) => {
      code = explainCommand(registry, id, io);
    });

  program
    .command('docs')
    .description(`write ${PIPELINE_DOC}: every scenario's machines as Mermaid state diagrams`)
    .option('--out <file>', 'where to write it', PIPELINE_DOC)
    .option('--check', 'write nothing; exit 1 if the file is stale')
    .action((opts: { out: string; check?: boolean }) => {
      code = docsCommand(registry, { out: opts.out, check: opts.check === true }, io);
    });

  try {
    if (argv.length === 0) {
      io.err(program.helpInformation());
      return ExitCode.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    return reportError(e, io, style);
  }
}

/** Prints a known error as one line and a hint, and gives its exit code; rethrows bugs. */
function reportError(e: unknown, io: CliIo, style: ReturnType<typeof createStyle>): number {
  const say = (message: string, hint: string): void => io.err(`${style.red('cdc-check:')} ${message}\n${style.dim(`hint: ${hint}`)}\n`);
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
    // `help` and `help check` print help as asked (exit 0); a command given no subcommand does not.
    if (e.code === 'commander.help') return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (e.code === 'commander.executeSubCommandAsync') return ExitCode.usage;
    say(e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), 'run `cdc-check --help`, or `cdc-check <command> --help`');
    return ExitCode.usage;
  }
  if (e instanceof UsageError) {
    say(e.message, e.hint);
    return ExitCode.usage;
  }
  if (e instanceof InvalidOptionError) {
    say(e.message, e.hint);
    return ExitCode.usage;
  }
  if (e instanceof CheckerError) {
    // The model misbehaved (threw, was nondeterministic): not a usage error, and not a verdict.
    say(`${e.name}: ${e.message}`, e.hint);
    return ExitCode.mismatch;
  }
  throw e;
}

/** A commander parser for an integer option, with a message naming the option and its range. */
function integer(flag: string, min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const text = value.trim();
    // Compared as text as well as number: a huge value must be refused as written, never rounded.
    const n = Number(text);
    const range = max < Number.MAX_SAFE_INTEGER ? `an integer from ${min} to ${max}` : min > Number.MIN_SAFE_INTEGER ? `an integer ≥ ${min}` : 'an integer';
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag} takes ${range}, got '${value}'.`);
    }
    return n;
  };
}

/** Flags of `cdc-check check` as commander parses them. */
interface CheckFlags {
  mode: CheckMode;
  scope: ScopeName;
  seed?: number;
  runs?: number;
  maxSteps?: number;
  maxStates?: number;
  maxDepth?: number;
  timeout?: number;
  maxMemory?: number;
  symmetry?: boolean;
  exactKeys?: boolean;
  por?: boolean;
  subsumption?: boolean;
  json?: boolean;
  report?: string;
  shard?: Shard;
  workers?: number;
  out?: string;
  overwriteCommittedReports?: boolean;
}

/** fast-check's seed range: a signed 32-bit integer (it would wrap anything else). */
const SEED_MIN = -(2 ** 31);
const SEED_MAX = 2 ** 31 - 1;
const RANDOM_ONLY = ['seed', 'runs', 'maxSteps'] as const satisfies readonly (keyof CheckFlags)[];
const EXHAUSTIVE_ONLY = ['symmetry', 'exactKeys', 'por', 'subsumption', 'maxStates', 'maxDepth', 'maxMemory', 'workers'] as const satisfies readonly (keyof CheckFlags)[];

function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
