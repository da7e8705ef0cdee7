import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { compiledCli } from '../cli/compiled-cli.testing';

const root = path.resolve(__dirname, '../..');

/** `shopstream <command>` as its own process, from a build of the current sources. */
export type ShopstreamProcess = Readonly<{
  args: readonly string[];
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  hasExited(): boolean;
  /** The last few kB of its stdout and stderr, for failure messages. */
  output(): string;
  /** SIGTERM (a graceful stop) or SIGKILL (a crash), and waits for the exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
}>;

export async function spawnShopstream(
  args: readonly string[],
  env: Record<string, string>,
): Promise<ShopstreamProcess> {
  const child = spawn(process.execPath, await compiledCli(args), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-16_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      resolve(code);
    }),
  );
  if (child.pid === undefined) throw new Error(`could not start shopstream ${args.join(' ')}`);
  return {
    args,
    child,
    pid: child.pid,
    exited,
    hasExited: () => done,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `url` until it answers 200; fails at once with the output if the process exits. */
export async function waitUntilAnswering(
  process: ShopstreamProcess,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.hasExited()) {
      throw new Error(`shopstream ${process.args.join(' ')} exited:\n${process.output()}`);
    }
    const ok = await fetch(url)
      .then((response) => response.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(
        `shopstream ${process.args.join(' ')} never answered ${url}:\n${process.output()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
