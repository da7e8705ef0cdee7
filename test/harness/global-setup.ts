import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { GlobalConfig } from 'jest';
import { dockerAvailable, startContainer } from './containers';
import { startLocalKafka } from './local/kafka';
import { startLocalPostgres } from './local/postgres';
import { startLocalRedis } from './local/redis';
import { finishRun, runDir } from './runtime/cleanup';
import {
  type RunningService,
  SERVICE_ENV,
  type ServiceName,
  type ServiceSource,
  SMTP_SINK_ENV,
} from './service';
import { startSmtpSink } from './smtp/sink';
import { ensureTools, thisMachine } from './tools/ensure-tools';
import { installedTools } from './tools/installed-tools';
import { type HarnessState, saveHarnessState } from './state';
import { WORKER_DATABASES_ENV } from './worker-databases';

const SERVICES: ServiceName[] = ['postgres', 'redis', 'kafka', 'smtp'];

/**
 * Gives the integration tests a Postgres, a Redis, a Kafka broker and an SMTP sink. Per service:
 * the URL from the environment if set, else a container when a Docker engine answers, else a
 * private local server. The URLs reach the jest workers through process.env.
 *
 * PostgreSQL is started once per jest worker (worker-databases.ts says why); the others are
 * shared, and tests keep apart on them by unique topics, key prefixes and recipients.
 */
export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  const started = Date.now();
  const missing = SERVICES.filter((name) => !process.env[SERVICE_ENV[name]]);
  const source: ServiceSource =
    missing.length > 0 && (await dockerAvailable()) ? 'testcontainers' : 'local';
  ensureTools(source === 'local' ? missing : [], thisMachine(installedTools()));

  const workers = Math.max(1, globalConfig.maxWorkers);
  const planned = SERVICES.flatMap((name) =>
    name === 'postgres' && missing.includes(name)
      ? Array.from({ length: workers }, (_, i) => ({ name, worker: i + 1 }))
      : [{ name, worker: 0 }],
  );
  const results = await Promise.allSettled(
    planned.map(({ name, worker }) =>
      timed(() => start(name, missing.includes(name) ? source : 'env', worker)),
    ),
  );
  const running = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.service] : []));
  const failures = results.flatMap((r, i) =>
    r.status === 'rejected' ? [`${planned[i].name}: ${message(r.reason)}`] : [],
  );
  if (failures.length > 0) {
    await Promise.allSettled(running.map((service) => service.stop()));
    finishRun();
    throw new Error(`integration harness could not start:\n${failures.join('\n\n')}`);
  }

  const state: HarnessState = { running, publishedEnv: [] };
  for (const service of running) {
    for (const [name, value] of Object.entries(service.env)) {
      // The first cluster's URL is DATABASE_URL; each worker switches to its own at start.
      if (process.env[name] !== undefined && state.publishedEnv.includes(name)) continue;
      process.env[name] = value;
      state.publishedEnv.push(name);
    }
  }
  const clusters = running.filter((s) => s.name === 'postgres' && s.source !== 'env');
  if (clusters.length > 1) {
    process.env[WORKER_DATABASES_ENV] = clusters.map((s) => s.env.DATABASE_URL).join(',');
    state.publishedEnv.push(WORKER_DATABASES_ENV);
  }
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  saveHarnessState(state);

  console.log('');
  for (const result of results) {
    if (result.status === 'fulfilled') logService(result.value.service, result.value.ms);
  }
  console.log(`[harness] ready in ${seconds(Date.now() - started)}`);
}

function start(name: ServiceName, source: ServiceSource, worker: number): Promise<RunningService> {
  if (source === 'env') return Promise.resolve(fromEnvironment(name));
  if (source === 'testcontainers') return startContainer(name);
  switch (name) {
    case 'postgres':
      return startLocalPostgres(workerDir(worker));
    case 'redis':
      return startLocalRedis(runDir());
    case 'kafka':
      return startLocalKafka(runDir());
    case 'smtp':
      return startSmtpSink();
  }
}

/** A subdirectory of the run directory per worker's cluster (traversable by postgres). */
function workerDir(worker: number): string {
  const dir = join(runDir(), `worker-${worker}`);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o711);
  return dir;
}

function fromEnvironment(name: ServiceName): RunningService {
  const noInbox = name === 'smtp' && !process.env[SMTP_SINK_ENV];
  return {
    name,
    source: 'env',
    env: {},
    detail: noInbox ? `${SMTP_SINK_ENV} not set: tests that read the inbox are SKIPPED` : undefined,
    stop: () => Promise.resolve(),
  };
}

async function timed(start: () => Promise<RunningService>) {
  const began = Date.now();
  const service = await start();
  return { service, ms: Date.now() - began };
}

function logService(service: RunningService, ms: number): void {
  const value =
    service.env[SERVICE_ENV[service.name]] ?? process.env[SERVICE_ENV[service.name]] ?? '';
  const url = service.source === 'env' ? redact(value) : value;
  const sink = service.name === 'smtp' ? process.env[SMTP_SINK_ENV] : undefined;
  const notes = [service.detail, service.source === 'env' ? undefined : seconds(ms)].filter(
    Boolean,
  );
  console.log(
    `[harness] ${service.name.padEnd(8)} ${service.source.padEnd(14)} ${url}` +
      (sink ? ` (inbox ${sink})` : '') +
      (notes.length > 0 ? ` [${notes.join(', ')}]` : ''),
  );
}

/** Hides a password given in the environment before it reaches the log. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
