import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { harnessClasspath } from './harnessClasspath.ts';

/**
 * A JVM the harness started (broker, Connect worker, consumer harness): its log lines kept in
 * memory (the last few thousand, for failure messages and for waiting on a line) and in a file.
 */
export class JavaProcess {
  readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private readonly file: WriteStream;
  private readonly waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  /** Resolves with the exit code or signal once the JVM has ended. */
  readonly exited: Promise<string>;

  /** `classpath`: the harness's own unless given (a Connect worker of another Debezium release). */
  constructor(readonly name: string, mainClass: string, args: readonly string[], logFile: string, jvmOptions: readonly string[] = [], classpath: string = harnessClasspath()) {
    this.file = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn('java', ['-Xms64m', '-Xmx384m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', ...jvmOptions, '-cp', classpath, mainClass, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve(signal ?? String(code))));
    this.child.stderr!.setEncoding('utf8');
    let partial = '';
    this.child.stderr!.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      for (const line of parts) this.addLine(line);
    });
  }

  private addLine(line: string): void {
    this.file.write(line + '\n');
    this.lines.push(line);
    if (this.lines.length > 4000) this.lines.splice(0, 1000);
    for (const w of [...this.waiters]) {
      if (w.re.test(line)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  }

  /** The log lines kept so far that match `re`. */
  logLines(re: RegExp): string[] {
    return this.lines.filter((l) => re.test(l));
  }

  /** The last `n` log lines, for a failure message. */
  tail(n = 30): string {
    return this.lines.slice(-n).join('\n');
  }

  /** Resolves with the first log line of this JVM that matches `re` (already logged or to come); rejects after `ms` or if the JVM ends first. */
  waitForLine(re: RegExp, ms: number): Promise<string> {
    const seen = this.lines.find((l) => re.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no log line matching ${re} within ${ms} ms; last lines:\n${this.tail()}`)), ms);
      this.waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
      void this.exited.then((how) => (clearTimeout(timer), reject(new Error(`${this.name} ended (${how}) before a log line matching ${re}; last lines:\n${this.tail()}`))));
    });
  }

  /** SIGKILL: the JVM gets no chance to flush or commit anything. Resolves once it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
    this.file.end();
  }

  /** SIGTERM (a graceful shutdown: Connect commits offsets on the way out), then SIGKILL after `ms`. */
  async stop(ms = 30_000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    await this.exited;
    clearTimeout(timer);
    this.file.end();
  }
}
