import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compiledCli } from '../../test/cli/compiled-cli.testing';
import { sleep } from '../support/measure';

const root = path.resolve(__dirname, '../..');

/**
 * `shopstream <args>` as a child process, run from a build of the current sources (the tests'
 * compiled CLI), with only PATH and `env` in its environment. Its logs (info, as in production)
 * go to a file, not through a pipe into the benchmark process, which stays free for measuring.
 */
export class ShopstreamChild {
  private exitCode: number | null | undefined;
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve();
      }),
    );
  }

  static async spawn(
    name: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    logFile: string,
    nodeArgs: readonly string[] = [],
  ): Promise<ShopstreamChild> {
    const log = openSync(logFile, 'a');
    try {
      const child = spawn(process.execPath, [...nodeArgs, ...(await compiledCli(args))], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', log, log],
      });
      if (child.pid === undefined) throw new Error(`could not start shopstream ${args.join(' ')}`);
      return new ShopstreamChild(name, child, logFile);
    } finally {
      closeSync(log);
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Polls `url` until it answers 200; fails with the end of the log if the process exits. */
  async waitUntilReady(url: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`${this.name} exited (${this.exitCode}):\n${this.tail()}`);
      const ok = await fetch(url)
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error(`${this.name} never answered ${url}:\n${this.tail()}`);
      await sleep(100);
    }
  }

  /** SIGTERM (a graceful stop), then SIGKILL if it is not gone within `graceMs`. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last few kB of its log, for error messages. */
  tail(bytes = 4_000): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-bytes);
    } catch {
      return '(no log)';
    }
  }
}
