import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compiledBuild } from '../cli/compiled-cli.testing';
import { freePortBlock } from '../harness/runtime/net';
import {
  createTestDatabase,
  redisKeyPrefix,
  services,
  type TestDatabase,
  uniqueTopic,
} from '../harness';

export const runTopologyScript = path.resolve(__dirname, '../../scripts/run-topology.sh');

export type ScriptResult = Readonly<{ code: number | null; stdout: string; stderr: string }>;

/** One line of the run directory's processes.tsv. */
export type TopologyProcess = Readonly<{ name: string; port: number; pid: number; log: string }>;

/** scripts/run-topology.sh, started as an operator starts it, ready behind its gateway. */
export type RunningTopology = Readonly<{
  gatewayUrl: string;
  runDir: string;
  /** The script's whole environment: the same settings reach the CLI (rebuilds, …). */
  env: Readonly<Record<string, string>>;
  scriptPid: number;
  processes: readonly TopologyProcess[];
  processNamed(name: string): TopologyProcess;
  /** Sends the script a signal and resolves with its exit once it has stopped its children. */
  signal(signal: 'SIGTERM' | 'SIGINT'): Promise<ScriptResult>;
  /** Resolves once the script has ended, however it ended. */
  ended: Promise<ScriptResult>;
  /** Stops it (`scripts/run-topology.sh stop <dir>`) if still running, and drops its data. */
  close(): Promise<void>;
}>;

/**
 * The settings the script needs, on the harness's services: a fresh database, Redis keys and
 * Kafka topics under prefixes of their own, the harness's SMTP sink, and the CLI build the other
 * tests share (so parallel specs never compile dist/ at once).
 */
export async function topologyEnvironment(
  database: TestDatabase,
  extra: Record<string, string> = {},
): Promise<Record<string, string>> {
  const { redisUrl, kafkaBrokers, smtpUrl } = services();
  return {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisKeyPrefix('topology'),
    KAFKA_BROKERS: kafkaBrokers,
    KAFKA_TOPIC_PREFIX: `${uniqueTopic('topology')}.`,
    SMTP_URL: smtpUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    TOPOLOGY_RUN_DIR: mkdtempSync(path.join(tmpdir(), 'topology-run-')),
    TOPOLOGY_BUILD_DIR: await compiledBuild(),
    // Eight ports of this jest worker's own (harness/runtime/net.ts): the script's own choice
    // of free ports could meet another worker's test choosing the same in between.
    TOPOLOGY_BASE_PORT: String(await freePortBlock(8)),
    ...extra,
  };
}

/** Runs the script to its end (for settings it must refuse before starting anything). */
export function runScript(args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return collect(spawn(runTopologyScript, args, { env }));
}

/** Starts the topology and resolves once the script says it is ready. */
export async function startTopologyScript(
  extra: Record<string, string> = {},
): Promise<RunningTopology> {
  const database = await createTestDatabase('topology_script');
  const env = await topologyEnvironment(database, extra);
  const child = spawn(runTopologyScript, [], { env });
  const finished = collect(child);
  const close = async () => {
    await runScript(['stop', env.TOPOLOGY_RUN_DIR], env);
    await finished;
    await database.drop();
    await rm(env.TOPOLOGY_RUN_DIR, { recursive: true, force: true });
  };
  const gatewayUrl = await Promise.race([
    readyLine(child),
    finished.then((result) => {
      throw new Error(
        `run-topology.sh exited (${result.code}) before it was ready:\n${result.stderr}`,
      );
    }),
  ]).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const processes = readFileSync(path.join(env.TOPOLOGY_RUN_DIR, 'processes.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [name, port, pid, log] = line.split('\t');
      return { name, port: Number(port), pid: Number(pid), log };
    });
  return {
    gatewayUrl,
    runDir: env.TOPOLOGY_RUN_DIR,
    env,
    scriptPid: child.pid!,
    processes,
    processNamed(name) {
      const found = processes.find((running) => running.name === name);
      if (!found) throw new Error(`run-topology.sh started no ${name}`);
      return found;
    },
    ended: finished,
    async signal(signal) {
      child.kill(signal);
      return finished;
    },
    close,
  };
}

function readyLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /run-topology: ready at (http:\/\/\S+)/.exec(stdout);
      if (ready) resolve(ready[1]);
    });
  });
}

function collect(child: ChildProcess): Promise<ScriptResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
