import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { cpuMeter, localPostmaster } from '../support/measure';
import { pgProfiler } from '../support/pg-profile';
import { type BenchDatabase } from '../support/postgres-server';
import { type WriteBenchConfig } from './config';
import { type FloorEvent } from './floor-server';
import { type WindowProbes } from './measure-window';
import { type Shop, seedShop } from './seed';
import { type MeasuredServer, ServerProcess, type ServerSpec } from './server-process';
import { type WriteBenchServices, openServices } from './services';

/** A server under test, as the windows address it. */
export type Target = Readonly<{ process: MeasuredServer; url: string }>;

/** One of our forked servers (server-worker.ts): it also takes commands (scrypt cost). */
export type ForkedTarget = Target & Readonly<{ process: ServerProcess }>;

/**
 * Everything the windows run against: the services, a fresh database each for the write API
 * and the floor, both servers in their child processes, the seeded shop, and the probes.
 */
export type WriteBenchSession = Readonly<{
  services: WriteBenchServices;
  serverInfo: Record<string, string>;
  api: ForkedTarget;
  floor: ForkedTarget;
  shop: Shop;
  /** A real OrderPlaced as the write API stored it: what the floor inserts. */
  floorEvent: FloorEvent;
  probes: WindowProbes;
  /** Unique per run of the session: email domains and Idempotency-Keys are built from it. */
  tag: string;
  close(): Promise<void>;
}>;

export async function openSession(
  config: WriteBenchConfig,
  profile: boolean,
): Promise<WriteBenchSession> {
  const services = await openServices({ profile });
  const databases: BenchDatabase[] = [];
  const servers: ServerProcess[] = [];
  let admin: Client | undefined;
  const close = async () => {
    await admin?.end().catch(() => undefined);
    await Promise.allSettled(servers.map((s) => closeOrKill(s)));
    for (const database of databases) await database.drop().catch(() => undefined);
    await services.stop();
  };
  try {
    const serverInfo = await services.postgres.describe();
    console.log(
      `[write] PostgreSQL ${serverInfo['pg server_version']} (${services.postgres.source}), ` +
        `fsync=${serverInfo['pg fsync']}, synchronous_commit=${serverInfo['pg synchronous_commit']}; ` +
        `${services.redisDetail} (${services.redisSource})`,
    );
    const apiDb = await services.postgres.createDatabase('write_api');
    databases.push(apiDb);
    const floorDb = await services.postgres.createDatabase('write_floor');
    databases.push(floorDb);
    const jwtSecret = randomBytes(32).toString('hex');
    const [api, floor] = await startServers(servers, [
      {
        kind: 'write-api',
        databaseUrl: apiDb.url,
        redisUrl: services.redisUrl,
        jwtSecret,
        poolSize: config.poolSize,
      },
      { kind: 'floor', databaseUrl: floorDb.url, poolSize: config.poolSize },
    ]);

    const tag = randomBytes(4).toString('hex');
    const shop = await seedShop(api.url, jwtSecret, config, tag);
    admin = new Client({ connectionString: apiDb.url, application_name: 'shopstream-bench-admin' });
    await admin.connect();
    return {
      services,
      serverInfo,
      api,
      floor,
      shop,
      floorEvent: await sampleOrderPlaced(admin),
      probes: {
        meter: cpuMeter(await postmasterOf(admin)),
        redisCommands: () => services.redisCommands(),
        // pg_stat_statements of the write API's database only.
        pgProfiler: profile ? await pgProfiler(admin) : null,
      },
      tag,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Starts them side by side (ts-node start-up is slow); every one started is in `started`. */
async function startServers(started: ServerProcess[], specs: readonly ServerSpec[]) {
  const outcomes = await Promise.allSettled(
    specs.map((spec) => ServerProcess.start(spec.kind, spec)),
  );
  const targets: ForkedTarget[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') {
      started.push(outcome.value.process);
      targets.push(outcome.value);
    }
  }
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  return targets;
}

async function closeOrKill(server: ServerProcess): Promise<void> {
  try {
    await server.close();
  } catch {
    server.kill();
  }
}

async function sampleOrderPlaced(client: Client): Promise<FloorEvent> {
  const { rows } = await client.query<FloorEvent>(
    "SELECT type, data, metadata FROM event_store.events WHERE type = 'OrderPlaced' LIMIT 1",
  );
  if (rows.length === 0) throw new Error('seeding placed no order to copy for the floor');
  return rows[0];
}

async function postmasterOf(client: Client): Promise<number | null> {
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return localPostmaster(rows[0].pid);
}
