import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { openMemoryCoordination } from '../../platform/coordination';
import { type Coordination } from '../../platform/coordination/ports';
import { comparePositions } from '../../platform/event-store/position-codec';
import {
  createProjectionFixture,
  type ProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { type RecordedEvent } from '../../platform/event-store/port';
import { type PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { applyLiveBatch, CheckpointConflictError, GenerationChangedError } from './apply-batch';
import { recordingMetrics } from '../test-support/recording-metrics.testing';
import { claimRun, readCheckpoint } from './checkpoints';
import { listParked, parkEvent, ParkRefusedError } from './dead-letters';
import { type ProjectionMetrics } from './projection-metrics';
import { startProjectionWorker, type ProjectionWorker } from './projection-worker';
import { renameEvent, toyProjection } from './toy-projection.testing';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
const toy = toyProjection();
const fast = { retryInitialMs: 10, retryMaxMs: 50, leaseRetryMs: 20, leaseTtlMs: 300 };

const rename = renameEvent;

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function all(fixture: ProjectionFixture): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const batch of fixture.store.readAll()) events.push(...batch);
  return events;
}

describe('projection runner', () => {
  let fixture: ProjectionFixture;
  let coordination: Coordination;
  const workers: ProjectionWorker[] = [];

  const start = async (
    options: { coordination?: Coordination; ownerId?: string; metrics?: ProjectionMetrics } = {},
  ) => {
    const worker = await startProjectionWorker({
      db: fixture.db,
      store: fixture.store,
      coordination: options.coordination ?? coordination,
      logger,
      projections: [toy],
      ownerId: options.ownerId,
      metrics: options.metrics,
      settings: fast,
    });
    workers.push(worker);
    return worker;
  };
  const caughtUpTo = (position: string) =>
    until(async () => {
      const checkpoint = await readCheckpoint(fixture.db, 'toy');
      const reached = checkpoint?.position && comparePositions(checkpoint.position, position) >= 0;
      return reached ? checkpoint : undefined;
    });
  const counts = async () =>
    Object.fromEntries(
      (
        (await fixture.db('toy_counts').select('user_id', 'renames')) as {
          user_id: string;
          renames: number;
        }[]
      ).map((row) => [row.user_id, row.renames]),
    );

  beforeEach(async () => {
    fixture = await createProjectionFixture([toy]);
    coordination = openMemoryCoordination();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await coordination.close();
    await fixture.close();
  });

  it('applies every event exactly once and moves the checkpoint past events it does not handle', async () => {
    const user = randomUUID();
    await start();
    for (let i = 0; i < 30; i++) await fixture.append(`user-${user}`, [rename(user, `n${i}`)]);
    const last = await fixture.append('other-1', [
      { type: 'UserRoleGranted', data: { userId: user, role: 'admin', grantedAt: 'x' } } as never,
    ]);
    await caughtUpTo(last);
    expect(await counts()).toEqual({ [user]: 30 });
    expect(await fixture.db('toy_applied').count('* as n')).toEqual([{ n: '30' }]);
  });

  it('stops at once, also right after starting on an idle store', async () => {
    for (const delayMs of [0, 5, 20, 100]) {
      const worker = await start();
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const stopped = worker.stop().then(() => 'stopped');
      const late = new Promise((resolve) => setTimeout(() => resolve('hung'), 3_000));
      expect(await Promise.race([stopped, late])).toBe('stopped');
      workers.splice(workers.indexOf(worker), 1);
    }
  });

  it('retries a poison event without skipping it, records it, and goes on once it is parked', async () => {
    const user = randomUUID();
    await fixture.append(`user-${user}`, [rename(user, 'a')]);
    const poisonAt = await fixture.append(`user-${user}`, [rename(user, 'poison')]);
    const end = await fixture.append(`user-${user}`, [rename(user, 'b')]);
    await start();

    const stuck = await until(async () => {
      const checkpoint = await readCheckpoint(fixture.db, 'toy');
      return checkpoint && checkpoint.failingAttempts >= 3 ? checkpoint : undefined;
    });
    expect(stuck.status).toBe('failing');
    expect(stuck.lastError).toContain('cannot digest poison');
    expect(stuck.failingPosition).toBe(poisonAt);
    // The event before the poison one was kept; nothing after it was applied.
    expect(await counts()).toEqual({ [user]: 1 });

    await expect(parkEvent(fixture.db, 'toy', randomUUID())).rejects.toThrow(ParkRefusedError);
    await parkEvent(fixture.db, 'toy', stuck.failingEventId as string);
    const after = await caughtUpTo(end);
    expect(after.status).toBe('running');
    expect(after.lastError).toBeNull();
    expect(await counts()).toEqual({ [user]: 2 });
    expect((await listParked(fixture.db, 'toy')).map((p) => p.eventId)).toEqual([
      stuck.failingEventId,
    ]);
  });

  it('lets one worker own a projection; another takes over from the checkpoint when it dies', async () => {
    const user = randomUUID();
    const first = await start({ ownerId: 'first' });
    await start({ ownerId: 'second' });
    let last = '';
    for (let i = 0; i < 10; i++)
      last = await fixture.append(`user-${user}`, [rename(user, `a${i}`)]);
    await caughtUpTo(last);
    expect((await readCheckpoint(fixture.db, 'toy'))?.fence).toBe(1n);

    await first.stop(); // releases its lease: the standby takes it
    for (let i = 0; i < 10; i++)
      last = await fixture.append(`user-${user}`, [rename(user, `b${i}`)]);
    const checkpoint = await caughtUpTo(last);
    expect(checkpoint.fence).toBeGreaterThan(1n);
    expect(await counts()).toEqual({ [user]: 20 });
  });

  it('fences off a holder whose lease was taken over: its next batch conflicts and writes nothing', async () => {
    const user = randomUUID();
    const stale = recordingMetrics('stale');
    await start({ ownerId: 'a', metrics: stale.metrics });
    const first = await fixture.append(`user-${user}`, [rename(user, 'a')]);
    const before = await caughtUpTo(first);
    // Another holder's run starts with a larger token (as after a takeover) and writes nothing yet.
    const taken = await claimRun(fixture.db, 'toy', before.fence + 10n);
    expect(taken.fence).toBe(before.fence + 10n);

    const next = await fixture.append(`user-${user}`, [rename(user, 'b')]);
    // The checkpoint still holds the stale run's position: only the fence can refuse its batch.
    const after = await caughtUpTo(next);
    expect(stale.seen.conflicts).toBe(1);
    expect(after.fence).toBe(taken.fence + 1n); // its next run claimed a fence above the holder's
    expect(await counts()).toEqual({ [user]: 2 });
    expect(await fixture.db('toy_applied').count('* as n')).toEqual([{ n: '2' }]);
  });

  it('keeps two runners with separate lease managers from applying anything twice; the stale one conflicts', async () => {
    // Two workers with separate lease managers both believe they own the projection.
    const user = randomUUID();
    const other = openMemoryCoordination();
    const conflicts: string[] = [];
    try {
      await start({ ownerId: 'a', metrics: recordingMetrics('a', conflicts).metrics });
      const a = await until(
        async () => (await readCheckpoint(fixture.db, 'toy'))?.fence || undefined,
      );
      await start({
        coordination: other,
        ownerId: 'b',
        metrics: recordingMetrics('b', conflicts).metrics,
      });
      await until(async () =>
        (await readCheckpoint(fixture.db, 'toy'))!.fence > a ? true : undefined,
      );
      const appends = Array.from({ length: 200 }, (_, i) =>
        fixture.append(`user-${user}-${i % 10}`, [rename(user, `x${i}`)]),
      );
      const positions = await Promise.all(appends);
      await caughtUpTo(positions.sort().at(-1) as string);
      expect(await counts()).toEqual({ [user]: 200 });
      expect(await fixture.db('toy_applied').count('* as n')).toEqual([{ n: '200' }]);
      // Both lease managers handed out token 1; the run that started second holds the higher
      // fence, so the first conflict is the first runner's.
      expect(conflicts[0]).toBe('a');
    } finally {
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      await other.close();
    }
  });

  it('closes its subscription each time a run ends mid-batch: no subscription leaks per restart', async () => {
    const user = randomUUID();
    for (let i = 0; i < 60; i++) await fixture.append(`user-${user}`, [rename(user, `n${i}`)]);
    // A run ends, while catching up in full batches, N times in a row (as lost races would).
    const restarts = 5;
    let refusals = 0;
    const restless: typeof toy = {
      ...toy,
      async apply(events, context) {
        if (refusals < restarts) {
          refusals++;
          throw new CheckpointConflictError('toy', 'another runner is ahead (simulated)');
        }
        await toy.apply(events, context);
      },
    };
    const recorded = recordingMetrics();
    const worker = await startProjectionWorker({
      db: fixture.db,
      store: fixture.store,
      coordination,
      logger,
      projections: [restless],
      metrics: recorded.metrics,
      settings: { ...fast, batchSize: 5 },
    });
    workers.push(worker);
    await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'last')]));
    expect(recorded.seen.conflicts).toBe(restarts);
    expect(await counts()).toEqual({ [user]: 61 });
    // Only the live run's subscription is open; each ended run released its own.
    expect((fixture.store as PostgresEventStore).openSubscriptions).toBe(1);
    await worker.stop();
    workers.splice(workers.indexOf(worker), 1);
    expect((fixture.store as PostgresEventStore).openSubscriptions).toBe(0);
  });

  it('refuses a batch whose expected checkpoint is stale, and writes nothing', async () => {
    const user = randomUUID();
    const first = await fixture.append(`user-${user}`, [rename(user, 'a')]);
    await fixture.catchUp();
    await fixture.append(`user-${user}`, [rename(user, 'b')]);
    const [, second] = await all(fixture);
    const stale = { projection: toy, generation: 1, expected: null, fence: 0n };
    await expect(applyLiveBatch(fixture.db, stale, [second], new Set())).rejects.toThrow(
      CheckpointConflictError,
    );
    const fenced = { projection: toy, generation: 1, expected: first, fence: -1n };
    await fixture.db('projection_checkpoints').where({ name: 'toy' }).update({ fence: 5 });
    await expect(applyLiveBatch(fixture.db, fenced, [second], new Set())).rejects.toThrow(
      /superseded/,
    );
    const moved = { projection: toy, generation: 2, expected: first, fence: 9n };
    await expect(applyLiveBatch(fixture.db, moved, [second], new Set())).rejects.toThrow(
      GenerationChangedError,
    );
    expect(await counts()).toEqual({ [user]: 1 });
    expect((await readCheckpoint(fixture.db, 'toy'))?.position).toBe(first);
  });

  it('swaps in a rebuild while live and goes on applying into the new tables', async () => {
    const user = randomUUID();
    await start();
    let last = '';
    for (let i = 0; i < 50; i++)
      last = await fixture.append(`user-${user}`, [rename(user, `a${i}`)]);
    await caughtUpTo(last);
    const before = await fixture.checksums(toy);

    await fixture.rebuild();
    const rebuilt = await readCheckpoint(fixture.db, 'toy');
    expect(rebuilt?.generation).toBe(2);
    expect(await fixture.checksums(toy)).toEqual(before);
    expect(await fixture.db.schema.hasTable('toy_counts__g1')).toBe(false);

    await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'after')]));
    expect(await counts()).toEqual({ [user]: 51 });
  });

  it('rebuilds by itself when the projection’s code version changed', async () => {
    const user = randomUUID();
    for (let i = 0; i < 5; i++) await fixture.append(`user-${user}`, [rename(user, `a${i}`)]);
    await fixture.catchUp();
    const worker = await startProjectionWorker({
      db: fixture.db,
      store: fixture.store,
      coordination,
      logger,
      projections: [toyProjection(2)],
      settings: fast,
    });
    workers.push(worker);
    const checkpoint = await until(async () => {
      const row = await readCheckpoint(fixture.db, 'toy');
      return row?.version === 2 ? row : undefined;
    });
    expect(checkpoint.generation).toBe(2);
    expect(await counts()).toEqual({ [user]: 5 });
  });
});
