import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Knex } from 'knex';
import { pino } from 'pino';
import {
  type Coordination,
  openCoordination,
  openMemoryCoordination,
  openRedisCoordination,
} from '../../platform/coordination';
import { comparePositions } from '../../platform/event-store/position-codec';
import { openReadModelDb } from '../../platform/read-model-db/open-read-model-db';
import { services } from '../../test/harness';
import {
  createProjectionFixture,
  type ProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { recordingMetrics } from '../test-support/recording-metrics.testing';
import { type Checkpoint, readCheckpoint } from './checkpoints';
import { type ProjectionWorker, startProjectionWorker } from './projection-worker';
import { renameEvent, toyProjection } from './toy-projection.testing';

/**
 * A lease manager that lost its counter (a process restart, a Redis without
 * persistence) hands out token 1 again. A projection whose stored fence is far above must still
 * make progress at once, and processes sharing a Postgres without Redis must not both run it.
 */
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const toy = toyProjection();
const fast = { retryInitialMs: 10, retryMaxMs: 50, leaseRetryMs: 20, leaseTtlMs: 1_000 };
const FAR_ALONG = 40n;

const rename = renameEvent;

let fixture: ProjectionFixture;
const workers: ProjectionWorker[] = [];
const closers: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  fixture = await createProjectionFixture([toy]);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  for (const close of closers.splice(0)) await close();
  await fixture.close();
});

async function startWorker(coordination: Coordination, ownerId = `worker-${randomUUID()}`) {
  const recorded = recordingMetrics(ownerId);
  const worker = await startProjectionWorker({
    db: fixture.db,
    store: fixture.store,
    coordination,
    logger,
    projections: [toy],
    ownerId,
    metrics: recorded.metrics,
    settings: fast,
  });
  workers.push(worker);
  return { worker, seen: recorded.seen };
}

async function caughtUpTo(position: string): Promise<Checkpoint> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const checkpoint = await readCheckpoint(fixture.db, 'toy');
    if (checkpoint?.position && comparePositions(checkpoint.position, position) >= 0) {
      return checkpoint;
    }
    if (Date.now() > deadline) throw new Error(`toy did not reach ${position}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function appendRenames(user: string, count: number): Promise<string> {
  let last = '';
  for (let i = 0; i < count; i++)
    last = await fixture.append(`user-${user}`, [rename(user, `n${i}`)]);
  return last;
}

/** As if many runs of earlier processes had taken the projection over, one after another. */
async function farAlong(): Promise<void> {
  await fixture.db('projection_checkpoints').where({ name: 'toy' }).update({ fence: FAR_ALONG });
}

const renames = async () =>
  Number(((await fixture.db('toy_applied').count('* as n')) as { n: string }[])[0].n);

test('a fresh in-process lease manager (a restarted process) makes progress at once', async () => {
  await farAlong();
  const user = randomUUID();
  const coordination = openMemoryCoordination();
  closers.push(() => coordination.close());
  const { seen } = await startWorker(coordination);

  const checkpoint = await caughtUpTo(await appendRenames(user, 5));
  expect(seen.conflicts).toBe(0);
  expect(checkpoint.fence).toBe(FAR_ALONG + 1n);
  expect(await renames()).toBe(5);
});

test('a Redis that lost its keys (FLUSHALL, a restart without persistence) makes progress at once', async () => {
  await farAlong();
  const user = randomUUID();
  const keyPrefix = `test-${randomUUID().slice(0, 8)}:`;
  const { redisUrl } = services();
  const first = await openRedisCoordination(redisUrl, { keyPrefix });
  const { worker } = await startWorker(first, 'before-the-flush');
  const before = await caughtUpTo(await appendRenames(user, 3));
  expect(before.fence).toBe(FAR_ALONG + 1n);
  await worker.stop();
  workers.splice(workers.indexOf(worker), 1);
  await first.close();

  // FLUSHALL, limited to this test's keys: the Redis is shared with parallel test files.
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${keyPrefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    await redis.del(...keys);
  } finally {
    redis.disconnect();
  }

  const second = await openRedisCoordination(redisUrl, { keyPrefix });
  closers.push(() => second.close());
  const { seen } = await startWorker(second, 'after-the-flush');
  const after = await caughtUpTo(await appendRenames(user, 3));
  expect(seen.conflicts).toBe(0);
  expect(after.fence).toBe(FAR_ALONG + 2n);
  expect(await renames()).toBe(6);
});

describe('without Redis, on one Postgres', () => {
  /** A process of its own: a separate pool, coordination with its leases in that database. */
  async function anotherProcess(): Promise<Coordination> {
    const db: Knex = await openReadModelDb({ kind: 'postgres', url: fixture.url }, { poolSize: 2 });
    const coordination = await openCoordination({ redisUrl: undefined }, { leaseDatabase: db });
    closers.push(async () => {
      await coordination.close();
      await db.destroy();
    });
    return coordination;
  }

  test('two processes never both run a projection: no conflict, nothing applied twice', async () => {
    const user = randomUUID();
    const [a, b] = [
      await startWorker(await anotherProcess()),
      await startWorker(await anotherProcess()),
    ];
    const positions = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fixture.append(`user-${user}-${i % 10}`, [rename(user, `x${i}`)]),
      ),
    );
    await caughtUpTo(positions.sort().at(-1) as string);
    expect(await renames()).toBe(200);
    expect(a.seen.conflicts + b.seen.conflicts).toBe(0);
    // One of them applied everything; the other stood by.
    expect([a.seen.events, b.seen.events].sort((x, y) => x - y)[0]).toBe(0);
  });

  test('the standby takes over when the owner stops, with a larger fence', async () => {
    const user = randomUUID();
    const a = await startWorker(await anotherProcess(), 'owner');
    const before = await caughtUpTo(await appendRenames(user, 3));
    const b = await startWorker(await anotherProcess(), 'standby');
    await a.worker.stop();
    workers.splice(workers.indexOf(a.worker), 1);
    const after = await caughtUpTo(await appendRenames(user, 3));
    expect(after.fence).toBeGreaterThan(before.fence);
    expect(b.seen.events).toBeGreaterThan(0);
    expect(a.seen.conflicts + b.seen.conflicts).toBe(0);
    expect(await renames()).toBe(6);
  });
});
