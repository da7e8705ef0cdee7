import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { DEFAULT_KEY_PREFIX } from '../../platform/coordination/defaults';
import { openMemoryCoordination } from '../../platform/coordination';
import { type EventStore } from '../../platform/event-store/port';
import { allProjections } from '../../projections';
import { rebuildProjections } from '../../projections/runtime/rebuild';
import { services } from '../harness';
import { Dice } from './dice.testing';
import {
  checkpointPositions,
  checksumsOfAll,
  livePhysicalTable,
  maxLag,
  openStores,
  rowCounts,
  type Stores,
  waitFor,
  waitUntilCaughtUp,
} from './stores.testing';
import { startWorkerProcess, type WorkerProcess } from './worker-process.testing';
import { writeWorkload } from './workload.testing';

/**
 * Crash safety (issue 5): `shopstream projections run` as a real process, SIGKILLed in the middle
 * of a batch while events keep arriving, then restarted. Each batch and its checkpoint commit in
 * one transaction, so whatever a killed batch had written is rolled back and the restarted
 * worker applies it again from the checkpoint: the tables must equal a rebuild from the events,
 * and hold exactly one row per order, order event, user and notification in the store.
 *
 * Kills alternate between two ways of catching the worker mid-batch: a trap (this test locks one
 * read-model table, waits until the worker's batch transaction is blocked writing it, and kills
 * then: the batch has locked its checkpoint and may have written other tables) and a random
 * moment at which one of the worker's transactions has written something (backend_xid is set).
 * Each restart is a worker started while the previous one still works (start-up from source takes
 * seconds), standing by without the leases; once the killed worker's leases are gone (the test
 * deletes them: what their 15 s TTL would do) it takes over from the checkpoints.
 */
const WORKER_APPLICATION = 'shopstream-projections';
const TRAPS = ['orders_history', 'analytics_product_hourly'];
const KILLS = 3;

type Kill = Readonly<{
  mode: string;
  /** Events after the slowest checkpoint, just before the kill: there was work left. */
  lag: number;
  /** Some checkpoint had moved since this worker took over: it was working. */
  progressed: boolean;
  /** What the killed batch's transaction was running. */
  statement: string;
  /** Trap kills: the trapped projection's checkpoint is where it was before the batch. */
  rolledBack?: boolean;
}>;

describe('a projection worker killed mid-batch', () => {
  let stores: Stores;
  let admin: Client;
  let redis: Redis;
  const dice = new Dice(2024);
  const env = () => ({
    DATABASE_URL: stores.database.url,
    REDIS_URL: services().redisUrl,
    DATA_DIR: `/tmp/shopstream-crash-${randomUUID()}`,
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    stores = await openStores('system_crash');
    admin = new Client({ connectionString: stores.database.url, application_name: 'crash-test' });
    await admin.connect();
    redis = new Redis(services().redisUrl);
  });
  afterAll(async () => {
    await admin?.end();
    redis?.disconnect();
    await stores?.close();
  });

  /** The worker's transactions that have written (or locked) something: a batch in flight. */
  async function openBatches(): Promise<{ query: string; waiting: string | null }[]> {
    const { rows } = await admin.query<{ query: string; waiting: string | null }>(
      `SELECT query, wait_event_type AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = $1
          AND backend_xid IS NOT NULL`,
      [WORKER_APPLICATION],
    );
    return rows;
  }

  /**
   * Locks `logical`'s live table, waits until the worker's batch blocks writing it (inside its
   * transaction, after locking its checkpoint), kills the worker, then lets the dead batch's
   * backend go and checks that nothing of it was committed.
   */
  async function killInTrap(worker: WorkerProcess, logical: string): Promise<Kill> {
    const table = await livePhysicalTable(stores.db, logical);
    const projection = allProjections.find((p) => logical in p.tables)!.name;
    const trap = new Client({ connectionString: stores.database.url });
    await trap.connect();
    let kill: Kill;
    let checkpoint: string | null;
    try {
      await trap.query('BEGIN');
      await trap.query(`LOCK TABLE "${table}" IN EXCLUSIVE MODE`);
      let statement = '';
      await waitFor(`the worker's batch to block on ${table}`, async () => {
        if (worker.hasExited()) throw new Error(`worker exited: ${worker.output()}`);
        const blocked = (await openBatches()).find(
          (b) => b.waiting === 'Lock' && b.query.includes(table),
        );
        statement = blocked?.query ?? '';
        return blocked !== undefined;
      });
      checkpoint = (await checkpointPositions(stores.db))[projection];
      kill = { mode: `trap on ${logical}`, ...(await progress()), statement };
      worker.child.kill('SIGKILL');
      await worker.exited;
    } finally {
      await trap.query('ROLLBACK').catch(() => undefined);
      await trap.end();
    }
    // The dead batch's backend gets the lock, finds its client gone, and rolls back.
    await waitFor('the killed batch to end', async () => (await openBatches()).length === 0);
    const rolledBack = (await checkpointPositions(stores.db))[projection] === checkpoint;
    return { ...kill, statement: kill.statement.slice(0, 60), rolledBack };
  }

  /** Kills the worker the moment one of its batch transactions has written something. */
  async function killMidTransaction(worker: WorkerProcess): Promise<Kill> {
    await waitFor('work for the worker', async () => (await progress()).lag > 0);
    const before = await progress();
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (worker.hasExited()) throw new Error(`worker exited: ${worker.output()}`);
      const [batch] = await openBatches();
      if (batch) {
        worker.child.kill('SIGKILL');
        await worker.exited;
        return { mode: 'random moment', ...before, statement: batch.query.slice(0, 60) };
      }
      if (Date.now() > deadline) throw new Error('never caught the worker inside a batch');
    }
  }

  let positionsAtStart: Record<string, string | null> = {};
  async function progress(): Promise<{ lag: number; progressed: boolean }> {
    const now = await checkpointPositions(stores.db);
    const progressed = Object.keys(now).some((name) => now[name] !== positionsAtStart[name]);
    return { lag: await maxLag(stores.db, stores.store), progressed };
  }

  /** What the lease TTL (15 s) would do: the dead worker's leases go, a new one takes them. */
  async function expireLeases(): Promise<void> {
    await redis.del(
      ...allProjections.map((p) => `${DEFAULT_KEY_PREFIX}lease:{projection:${p.name}}`),
    );
  }

  it('restarts from its checkpoints and ends with the tables a rebuild yields', async () => {
    const started: WorkerProcess[] = [];
    const start = async () => {
      const worker = await startWorkerProcess(env());
      started.push(worker);
      return worker;
    };
    // The first worker starts (from source: seconds) while a backlog is written.
    let active = await start();
    const backlog = await writeWorkload(stores.store, {
      seed: 11,
      users: 30,
      products: 20,
      orders: 160,
    });
    const drip = startDrip(stores.store, 1_000);
    const kills: Kill[] = [];
    let lastWritten = backlog.lastPosition;
    try {
      for (let cycle = 0; cycle < KILLS; cycle++) {
        positionsAtStart = await checkpointPositions(stores.db);
        const current = active;
        await waitFor('the worker to commit a batch', async () => {
          if (current.hasExited()) throw new Error(`worker exited: ${current.output()}`);
          const now = await checkpointPositions(stores.db);
          return Object.keys(now).some((name) => now[name] !== positionsAtStart[name]);
        });
        // The next worker starts while this one works, and stands by without the leases.
        const standby = await start();
        active = standby;
        await waitFor('the standby worker to start', async () => {
          if (standby.hasExited()) throw new Error(`worker exited: ${standby.output()}`);
          return standby.output().includes('listening');
        });
        await sleep(dice.int(0, 300));
        kills.push(
          cycle % 2 === 0
            ? await killInTrap(current, TRAPS[(cycle / 2) % TRAPS.length])
            : await killMidTransaction(current),
        );
        await expireLeases();
      }
    } catch (error) {
      for (const worker of started) if (!worker.hasExited()) worker.child.kill('SIGKILL');
      throw error;
    } finally {
      lastWritten = await drip.stop();
    }
    expect(kills).toHaveLength(KILLS);
    for (const kill of kills) {
      // Killed inside a batch, with work left, after it had made progress; a trapped batch's
      // partial writes and checkpoint were rolled back.
      expect({ ...kill, lagged: kill.lag > 0 }).toMatchObject({
        lagged: true,
        progressed: true,
        ...(kill.mode.startsWith('trap') && { rolledBack: true }),
      });
    }

    try {
      await waitUntilCaughtUp(stores.db, stores.store, lastWritten);
    } finally {
      active.child.kill('SIGTERM');
    }
    const exit = await Promise.race([active.exited, sleep(20_000).then(() => 'still running')]);
    if (exit !== 0) active.child.kill('SIGKILL');
    expect({ exit, output: exit === 0 ? '' : active.output() }).toEqual({ exit: 0, output: '' });

    const live = await checksumsOfAll(stores.db);
    const counts = rowCounts(live);
    const events = await countByType(stores.store);
    // Nothing missed, nothing twice: one row per fact in the store.
    expect({
      orders: counts.orders_orders,
      history: counts.orders_history,
      users: counts.users_users,
      notifications: counts.notifications_notifications,
      products: counts.catalog_products,
    }).toEqual({
      orders: events.OrderPlaced,
      history: orderEventTypes.reduce((sum, type) => sum + (events[type] ?? 0), 0),
      users: events.UserRegistered,
      notifications: events.NotificationRequested,
      products: events.ProductCreated,
    });

    const coordination = openMemoryCoordination();
    try {
      await rebuildProjections(allProjections, {
        db: stores.db,
        store: stores.store,
        leases: coordination.leases,
        ownerId: 'crash-test',
      });
    } finally {
      await coordination.close();
    }
    expect(await checksumsOfAll(stores.db)).toEqual(live);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const orderEventTypes = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'OrderPaid',
  'OrderCancelled',
  'OrderExpired',
  'OrderShipped',
  'OrderDelivered',
];

async function countByType(store: EventStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const batch of store.readAll({ batchSize: 5_000 })) {
    for (const event of batch) counts[event.type] = (counts[event.type] ?? 0) + 1;
  }
  return counts;
}

/**
 * Small workloads one after another until stopped, so events keep arriving during the kills.
 * `stop()` answers the position of the last event written.
 */
function startDrip(store: EventStore, firstSeed: number): { stop(): Promise<string> } {
  let stopped = false;
  let last = '';
  const running = (async () => {
    for (let seed = firstSeed; !stopped; seed++) {
      const size = { users: 1, products: 1, orders: 3, concurrency: 1 };
      last = (await writeWorkload(store, { seed, ...size })).lastPosition;
      await sleep(400);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return last;
    },
  };
}
