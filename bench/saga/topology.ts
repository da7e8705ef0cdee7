import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../test/cli/run-cli.testing';
import { freePort } from '../../test/harness/runtime/net';
import { type BenchDatabase } from '../support/postgres-server';
import { type TopologyKind } from './config';
import { type SagaServices } from './services';
import { ShopstreamChild } from './shopstream-child';

/**
 * Shopstream as the benchmark drives it, over HTTP only: either the five processes of the
 * distributed topology (as test/saga/topology.testing.ts starts them) on durable PostgreSQL,
 * Kafka and Redis, or `shopstream start` (= `npm start`) on the embedded default with a fresh
 * DATA_DIR. Either way each process is a child of the benchmark, built from the current sources.
 */
export type Topology = Readonly<{
  kind: TopologyKind;
  writeUrl: string;
  readUrl: string;
  admin: Readonly<{ email: string; password: string }>;
  /** JWT_SECRET of every process: a client may sign its own access tokens (bench seeding). */
  jwtSecret: string;
  /** The shopstream processes, for CPU and memory. */
  processes: readonly ShopstreamChild[];
  /** Every /metrics endpoint, by the process that serves it and what that process does. */
  metrics: readonly MetricsEndpoint[];
  dataDir: string;
  /** Multi-process only: the database (events, read models, process state) and the topics. */
  database?: BenchDatabase;
  kafka?: Readonly<{ brokers: string; topicPrefix: string }>;
  /** Stops the processes (gracefully), leaving their data for the timeline to read. */
  stopProcesses(): Promise<void>;
  /** Stops what is left and removes the data. */
  close(): Promise<void>;
}>;

export type MetricsEndpoint = Readonly<{
  process: string;
  url: string;
  /** write: the write API's registry; read: the read API's; worker: the others. */
  role: 'write' | 'read' | 'worker';
}>;

const PROCESSES = [
  { name: 'write-api', args: ['write-api'], port: 'WRITE_API_PORT' },
  { name: 'read-api', args: ['read-api'], port: 'READ_API_PORT' },
  { name: 'projections', args: ['projections', 'run'], port: 'PROJECTIONS_PORT' },
  { name: 'relay', args: ['relay', 'run'], port: 'RELAY_PORT' },
  { name: 'process-managers', args: ['process-managers', 'run'], port: 'PROCESS_MANAGERS_PORT' },
] as const;

const ADMIN_PASSWORD = 'bench-admin-passw0rd';

export async function startTopology(
  kind: TopologyKind,
  services: SagaServices | undefined,
  /** Node flags for every shopstream process (--cpu-prof for --profile). */
  nodeArgs: readonly string[] = [],
): Promise<Topology> {
  const id = randomBytes(4).toString('hex');
  const dataDir = await mkdtemp(path.join(tmpdir(), `shopstream-saga-${kind}-`));
  const admin = { email: `admin-${id}@bench.example.com`, password: ADMIN_PASSWORD };
  const jwtSecret = randomBytes(32).toString('hex');
  const common: Record<string, string> = {
    DATA_DIR: dataDir,
    JWT_SECRET: jwtSecret,
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    // The production default: a line per request, written to a log file.
    LOG_LEVEL: 'info',
    // One load generator at 127.0.0.1 registers and logs in every simulated customer.
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const children: ShopstreamChild[] = [];
  let database: BenchDatabase | undefined;
  const stopProcesses = async () => {
    await Promise.all(children.map((child) => child.stop()));
  };
  const close = async () => {
    await stopProcesses();
    await database?.drop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  const spawn = async (name: string, args: readonly string[], env: Record<string, string>) => {
    const log = path.join(dataDir, `${name}.log`);
    const child = await ShopstreamChild.spawn(name, args, env, log, nodeArgs);
    children.push(child);
    return child;
  };
  try {
    const ports: Record<string, string> = {};
    for (const { port } of PROCESSES) ports[port] = String(await freePort());
    const url = (variable: string) => `http://127.0.0.1:${ports[variable]}`;
    const writeUrl = url('WRITE_API_PORT');
    const readUrl = url('READ_API_PORT');

    if (kind === 'embedded') {
      const env = {
        ...common,
        WRITE_API_PORT: ports.WRITE_API_PORT,
        READ_API_PORT: ports.READ_API_PORT,
      };
      const child = await spawn('shopstream start', ['start'], env);
      await child.waitUntilReady(`${readUrl}/health/ready`);
      await child.waitUntilReady(`${writeUrl}/health/ready`);
      return {
        kind,
        writeUrl,
        readUrl,
        admin,
        jwtSecret,
        processes: children,
        // The workers' metrics join the read API's registry in `shopstream start`.
        metrics: [
          { process: 'start: write API', url: `${writeUrl}/metrics`, role: 'write' },
          { process: 'start: read API + workers', url: `${readUrl}/metrics`, role: 'read' },
        ],
        dataDir,
        stopProcesses,
        close,
      };
    }

    if (!services) throw new Error('the multi-process topology needs its services');
    database = await services.base.postgres.createDatabase('saga');
    const topicPrefix = `bench${id}.`;
    const env: Record<string, string> = {
      ...common,
      ...ports,
      DATABASE_URL: database.url,
      REDIS_URL: services.base.redisUrl,
      REDIS_KEY_PREFIX: `bench-${id}:`,
      KAFKA_BROKERS: services.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      SMTP_URL: services.smtpUrl,
    };
    const migrated = await runCli(['migrate'], env);
    if (migrated.code !== 0) throw new Error(`shopstream migrate failed:\n${migrated.stderr}`);
    await Promise.all(
      PROCESSES.map(async ({ name, args, port }) => {
        const child = await spawn(name, args, env);
        await child.waitUntilReady(`${url(port)}/health/ready`);
      }),
    );
    return {
      kind,
      writeUrl,
      readUrl,
      admin,
      jwtSecret,
      processes: PROCESSES.map(({ name }) => children.find((c) => c.name === name)!),
      metrics: PROCESSES.map(({ name, port }) => ({
        process: name,
        url: `${url(port)}/metrics`,
        role: name === 'write-api' ? 'write' : name === 'read-api' ? 'read' : 'worker',
      })),
      dataDir,
      database,
      kafka: { brokers: services.kafkaBrokers, topicPrefix },
      stopProcesses,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
