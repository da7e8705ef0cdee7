import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { compiledCli } from '../cli/compiled-cli.testing';

const root = path.resolve(__dirname, '../..');

/** `shopstream projections run` as its own process, from a build of the current sources. */
export type WorkerProcess = Readonly<{
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Whether it has exited already. */
  hasExited(): boolean;
  /** The last few kB of its stdout and stderr, for failure messages. */
  output(): string;
}>;

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, await compiledCli(['projections', 'run']), {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PROJECTIONS_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      resolve(code);
    }),
  );
  if (child.pid === undefined) throw new Error('could not start shopstream projections run');
  return { child, pid: child.pid, exited, hasExited: () => done, output: () => output };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
