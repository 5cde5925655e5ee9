import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ScopeName } from '../../models/Scenario.ts';
import type { CheckMode } from '../engine/CheckResult.ts';
import { CheckerError, InvalidOptionError } from '../index.ts';
import { createStyle } from '../report/Style.ts';
import type { CliIo } from './CliIo.ts';
import { checkCommand } from './commands/checkCommand.ts';
import { docsCommand, PIPELINE_DOC } from './commands/docsCommand.ts';
import { explainCommand } from './commands/explainCommand.ts';
import { listCommand } from './commands/listCommand.ts';
import { replayCommand } from './commands/replayCommand.ts';
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
        'Examples:\n  cdc-check check dual-write outbox-cdc --report reports\n  cdc-check replay reports/dual-write/no-lost-events.json\n  cdc-check explain outbox-cdc\n',
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
    .description('check scenarios (all by default) and print traces and the verdict matrix')
    .argument('[ids...]', 'scenario ids (see `cdc-check list`)')
    .addOption(new Option('--mode <mode>', 'exploration mode').choices(MODES).default('exhaustive'))
    .addOption(new Option('--scope <scope>', 'scope size').choices(SCOPES).default('small'))
    .option('--seed <n>', 'random mode: fast-check seed', integer('--seed'))
    .option('--max-states <n>', 'exhaustive: give up (incomplete) after this many distinct states', integer('--max-states', 1))
    .option('--timeout <ms>', 'give up (incomplete) after this many milliseconds per scenario', integer('--timeout', 1))
    .option('--max-memory <mb>', 'exhaustive: give up (incomplete) once the heap holds this many MB (default: 70% of the heap limit)', integer('--max-memory', 1))
    .option('--symmetry', 'exhaustive: count states that differ only by renaming interchangeable aggregates as one (fewer states, same verdicts)')
    .option('--json', 'print the verdict rows as JSON instead of text')
    .option('--report [dir]', 'write Markdown, HTML and JSON reports (default dir: reports)')
    .action((ids: string[], opts: { mode: CheckMode; scope: ScopeName; seed?: number; maxStates?: number; timeout?: number; maxMemory?: number; symmetry?: boolean; json?: boolean; report?: string | true }) => {
      // `--report dual-write` means the default directory and a scenario id, not a directory
      // named after a scenario: commander's optional option-argument would swallow the id.
      if (typeof opts.report === 'string' && registry.scenarios.some((s) => s.id === opts.report)) {
        ids = [...ids, opts.report];
        opts.report = true;
      }
      code = checkCommand(
        registry,
        ids,
        {
          mode: opts.mode,
          scope: opts.scope,
          json: opts.json === true,
          ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
          ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
          ...(opts.timeout !== undefined ? { timeoutMs: opts.timeout } : {}),
          ...(opts.maxMemory !== undefined ? { maxMemoryMb: opts.maxMemory } : {}),
          ...(opts.symmetry ? { symmetry: true } : {}),
          ...(opts.report !== undefined ? { report: opts.report === true ? 'reports' : opts.report } : {}),
        },
        io,
      );
    });

  program
    .command('replay')
    .description('re-run a recorded trace (FILE.json from --report, or a replay string with --scenario) against the current model')
    .argument('<trace>', 'a trace file written by `check --report`, or a replay string')
    .option('--scenario <id>', 'the scenario a bare replay string belongs to')
    .addOption(new Option('--scope <scope>', 'scope of a bare replay string').choices(SCOPES))
    .option('--postgres', 'also re-enact the trace on PostgreSQL (from conformance/)')
    .action(async (trace: string, opts: { scenario?: string; scope?: ScopeName; postgres?: boolean }) => {
      code = await replayCommand(registry, trace, opts, io);
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
    if (e.code === 'commander.help' || e.code === 'commander.executeSubCommandAsync') return ExitCode.usage;
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

/** A commander parser for an integer option, with a message naming the option. */
function integer(flag: string, min = Number.MIN_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${flag} takes ${min > 0 ? `an integer ≥ ${min}` : 'an integer'}, got '${value}'.`);
    }
    return n;
  };
}
