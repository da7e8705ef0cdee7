import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openEmbeddedDatabase } from '../../platform/embedded/embedded-database';
import { createPgliteEventStore } from '../../platform/event-store/open-event-store';
import { PGlite } from '../../platform/event-store/test-support/load-pglite';
import { send } from '../e2e/write-api.testing';
import { freePort } from '../harness/runtime/net';
import { type Apis, expectStatus } from '../saga/shop-client.testing';
import {
  type ShopstreamProcess,
  spawnShopstream,
  waitUntilAnswering,
} from '../system/shopstream-process.testing';
import { compiledCli } from './compiled-cli.testing';
import { type CliResult, runCli } from './run-cli.testing';
import { type WorkloadSize, writeShopWorkload } from './shop-workload.testing';

/**
 * `shopstream start` (what `npm start` runs) on a temp DATA_DIR that already holds a small shop's
 * history, so rebuilds and backfills have work to do; and the CLI run next to it, as an operator
 * would, with the same environment.
 */
export type RunningStart = Readonly<{
  dataDir: string;
  env: Record<string, string>;
  apis: Apis;
  admin: Readonly<{ email: string; password: string }>;
  process(): ShopstreamProcess;
  /** Starts `shopstream start` again (after a stop or a kill) and waits until both APIs answer. */
  start(): Promise<void>;
  cli(args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}>;

export async function runningStartOnHistory(size: WorkloadSize): Promise<RunningStart> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'shopstream-ctl-'));
  await writeHistory(dataDir, size);
  const admin = { email: 'admin@example.test', password: 'admin-passw0rd' };
  const env = {
    DATA_DIR: dataDir,
    WRITE_API_PORT: String(await freePort()),
    READ_API_PORT: String(await freePort()),
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
  };
  let shop: ShopstreamProcess | undefined;
  const start = async () => {
    shop = await spawnShopstream(['start'], env);
    // Generous: it first catches up with the history, on a machine shared with other test runs.
    await waitUntilAnswering(shop, `http://127.0.0.1:${env.READ_API_PORT}/health/ready`, 180_000);
    await waitUntilAnswering(shop, `http://127.0.0.1:${env.WRITE_API_PORT}/health/ready`, 180_000);
  };
  await start();
  return {
    dataDir,
    env,
    admin,
    apis: {
      write: (method, p, options = {}) =>
        send(`http://127.0.0.1:${env.WRITE_API_PORT}`, method, p, options),
      read: (method, p, options = {}) =>
        send(`http://127.0.0.1:${env.READ_API_PORT}`, method, p, options),
    },
    process: () => shop!,
    start,
    cli: (args) => runCli(args, env),
    async close() {
      await shop?.stop('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The history written straight into DATA_DIR's PGlite, as the write side would have. */
export async function writeHistory(dataDir: string, size: WorkloadSize): Promise<void> {
  const embedded = await openEmbeddedDatabase(dataDir, { create: (dir) => PGlite.create(dir) });
  try {
    const store = createPgliteEventStore(embedded.pglite);
    await store.ensureSchema();
    await writeShopWorkload(store, size);
    await store.close();
  } finally {
    await embedded.close();
  }
}

/**
 * The CLI on a terminal: `script` runs it under a pseudo-terminal, so its stdout and stderr are
 * TTYs, and returns what that terminal showed (both streams, as the operator sees them).
 */
export async function runCliOnTerminal(
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  const command = [process.execPath, ...(await compiledCli(args))].map(shellQuoted).join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: path.resolve(__dirname, '../..'),
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function shellQuoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The CLI as a child process the test can signal while it runs. */
export type CliChild = Readonly<{
  pid: number;
  /** Resolves once the command has written something to stderr (its work has begun). */
  firstStderr: Promise<void>;
  result: Promise<CliResult>;
}>;

export async function spawnCli(args: string[], env: Record<string, string>): Promise<CliChild> {
  const child = spawn(process.execPath, await compiledCli(args), {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let began: () => void = () => undefined;
  const firstStderr = new Promise<void>((resolve) => (began = resolve));
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    began();
  });
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  if (child.pid === undefined) throw new Error(`could not start shopstream ${args.join(' ')}`);
  return { pid: child.pid, firstStderr, result };
}

/** What the read API answers an admin about the catalog, stock, orders and sales. */
export async function readAnswers(shop: RunningStart, adminToken: string) {
  const answers: Record<string, unknown> = {};
  for (const p of ['/products', '/inventory', '/orders', '/analytics/summary']) {
    answers[p] = expectStatus(await shop.apis.read('GET', p, { token: adminToken }), 200).body;
  }
  return answers;
}
