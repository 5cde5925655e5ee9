import pc from 'picocolors';

/** The handful of text styles the terminal renderers use. Identity functions when plain. */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** Inverse video for UNEXPECTED verdicts, so they stand out even in a long matrix. */
  alarm(s: string): string;
}

/**
 * Builds a `Style`: coloured with picocolors when `color` is true, plain otherwise.
 * The caller decides (TTY and `NO_COLOR`); renderers never look at the environment themselves,
 * so their output is deterministic in tests.
 */
export function createStyle(color: boolean): Style {
  const c = pc.createColors(color);
  return {
    bold: c.bold,
    dim: c.dim,
    red: c.red,
    green: c.green,
    yellow: c.yellow,
    cyan: c.cyan,
    alarm: (s) => c.bold(c.inverse(c.red(s))),
  };
}

/** A plain style, for files and pipes. */
export const plainStyle: Style = createStyle(false);
