import { randomUUID } from 'node:crypto';
import { openMemoryCoordination } from '../../platform/coordination';
import { type Coordination } from '../../platform/coordination/ports';
import { rename, until, useToyRuntime } from '../test-support/runner.testing';
import { type ProjectionFixture } from '../test-support/projection-fixture.testing';
import { type RecordedEvent } from '../../platform/event-store/port';
import { type PostgresEventStore } from '../../platform/event-store/postgres/postgres-event-store';
import { applyLiveBatch, CheckpointConflictError, GenerationChangedError } from './apply-batch';
import { recordingMetrics } from '../test-support/recording-metrics.testing';
import { claimRun, readCheckpoint } from './checkpoints';
import { listParked, parkEvent, ParkRefusedError } from './dead-letters';
import { type ProjectionWorker } from './projection-worker';
import { rebuildProjections } from './rebuild';
import { projectionStates } from './status';
import { toyProjection } from './toy-projection.testing';

const toy = toyProjection();

async function all(fixture: ProjectionFixture): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const batch of fixture.store.readAll()) events.push(...batch);
  return events;
}

describe('projection runner', () => {
  const runtime = useToyRuntime();
  const { start, caughtUpTo } = runtime;
  let fixture: ProjectionFixture;
  let coordination: Coordination;
  beforeEach(() => {
    fixture = runtime.fixture();
    coordination = runtime.coordination();
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
    }
  });

  it('says running again once restarted, also when no event comes after the restart', async () => {
    const user = randomUUID();
    const last = await fixture.append(`user-${user}`, [rename(user, 'a')]);
    const first = await start();
    await caughtUpTo(last);
    await first.stop();
    expect((await readCheckpoint(fixture.db, 'toy'))?.status).toBe('stopped');

    // `npm start` after a stop on an idle shop: nothing to apply, yet the projection runs.
    await start();
    await until(async () =>
      (await readCheckpoint(fixture.db, 'toy'))?.status === 'running' ? true : undefined,
    );
    expect(await readCheckpoint(fixture.db, 'toy')).toMatchObject({ position: last });
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
    const pair: ProjectionWorker[] = [];
    try {
      pair.push(await start({ ownerId: 'a', metrics: recordingMetrics('a', conflicts).metrics }));
      const a = await until(
        async () => (await readCheckpoint(fixture.db, 'toy'))?.fence || undefined,
      );
      pair.push(
        await start({
          coordination: other,
          ownerId: 'b',
          metrics: recordingMetrics('b', conflicts).metrics,
        }),
      );
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
      await Promise.all(pair.map((worker) => worker.stop()));
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
    const worker = await start({
      projection: restless,
      metrics: recorded.metrics,
      settings: { batchSize: 5 },
    });
    await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'last')]));
    expect(recorded.seen.conflicts).toBe(restarts);
    expect(await counts()).toEqual({ [user]: 61 });
    // Only the live run's subscription is open; each ended run released its own.
    expect((fixture.store as PostgresEventStore).openSubscriptions).toBe(1);
    await worker.stop();
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

  it('swaps in a rebuild while live, with what was appended during it, and goes on applying', async () => {
    const user = randomUUID();
    await start();
    let last = '';
    for (let i = 0; i < 50; i++)
      last = await fixture.append(`user-${user}`, [rename(user, `a${i}`)]);
    await caughtUpTo(last);

    // Appends between the rebuild's transactions, while it replays and while it catches up.
    const during = randomUUID();
    const phases = new Set<string>();
    let appendedDuring = 0;
    let lastDuring = '';
    await rebuildProjections([toy], {
      db: fixture.db,
      store: fixture.store,
      leases: coordination.leases,
      ownerId: 'rebuilder',
      batchSize: 10,
      applySize: 10,
      async onProgress({ phase }) {
        if (phase !== 'replay' && phase !== 'catch-up') return;
        if (phases.size === 2 && phase === 'catch-up') return;
        phases.add(phase);
        lastDuring = await fixture.append(`user-${during}`, [rename(during, phase)]);
        appendedDuring++;
      },
    });
    // Each replay transaction was followed by an append; the catch-up is there to read them.
    expect(phases.has('replay')).toBe(true);
    expect(appendedDuring).toBeGreaterThan(2);
    const rebuilt = await readCheckpoint(fixture.db, 'toy');
    expect(rebuilt?.generation).toBe(2);
    expect(await fixture.db.schema.hasTable('toy_counts__g1')).toBe(false);
    // The swapped tables hold the history and every event appended during the rebuild, once
    // (the rebuild took them, or the live runner after the swap when another test's open
    // transaction held them back from the rebuild).
    await caughtUpTo(lastDuring);
    expect(await runtime.renamesOf(during)).toBe(appendedDuring);
    const { [during]: _, ...history } = await counts();
    expect(history).toEqual({ [user]: 50 });
    const applied = await fixture.db('toy_applied').count<{ n: string }[]>('* as n');
    expect(Number(applied[0].n)).toBe(50 + appendedDuring);

    await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'after')]));
    expect(await runtime.renamesOf(user)).toBe(51);
  });

  it('keeps the old version live while a newer one rebuilds in the background, then hands over', async () => {
    const user = randomUUID();
    for (let i = 0; i < 20; i++) await fixture.append(`user-${user}`, [rename(user, `a${i}`)]);
    await start({ ownerId: 'old' });
    await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'b')]));

    // The new version's rebuild waits at its first transaction, before writing anything.
    let opened: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (opened = resolve));
    let reachedGate = false;
    const v2 = toyProjection(2);
    await start({
      ownerId: 'new',
      projection: {
        ...v2,
        async apply(events, context) {
          if (context.mode === 'rebuild') {
            reachedGate = true;
            await gate;
          }
          await v2.apply(events, context);
        },
      },
    });
    await until(async () => (reachedGate ? true : undefined));

    // Meanwhile the old version serves live: a write shows up at once.
    const live = await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'c')]));
    expect(live).toMatchObject({ version: 1, generation: 1 });
    expect(live.rebuildGeneration).not.toBeNull();
    expect(await runtime.renamesOf(user)).toBe(22);

    opened();
    const upgraded = await until(async () => {
      const row = await readCheckpoint(fixture.db, 'toy');
      return row?.version === 2 ? row : undefined;
    });
    expect(upgraded.generation).toBe(2);
    // The new version runs live now, and the old one says it will not.
    await caughtUpTo(await fixture.append(`user-${user}`, [rename(user, 'd')]));
    expect(await runtime.renamesOf(user)).toBe(23);
    const refused = await until(async () => {
      const [state] = await projectionStates(fixture.db, fixture.store);
      return state.refusedBy.length > 0 ? state : undefined;
    });
    expect(refused.refusedBy).toEqual([
      { ownerId: 'old', codeVersion: 1, seenAt: expect.any(String) },
    ]);
  });

  it('refuses to run tables built by newer code, says so, and leaves them as they are', async () => {
    const user = randomUUID();
    let last = '';
    for (let i = 0; i < 5; i++)
      last = await fixture.append(`user-${user}`, [rename(user, `a${i}`)]);
    await runtime.appliedUpTo(last);
    await rebuildProjections([toyProjection(2)], {
      db: fixture.db,
      store: fixture.store,
      leases: coordination.leases,
      ownerId: 'deploy',
    });
    const before = await readCheckpoint(fixture.db, 'toy');

    const old = await start({ ownerId: 'old' });
    await fixture.append(`user-${user}`, [rename(user, 'late')]);
    const state = await until(async () => {
      const [toyState] = await projectionStates(fixture.db, fixture.store);
      return toyState.refusedBy.length > 0 ? toyState : undefined;
    });
    expect(state).toMatchObject({ version: 2, refusedBy: [{ ownerId: 'old', codeVersion: 1 }] });
    const after = await readCheckpoint(fixture.db, 'toy');
    expect(after).toMatchObject({
      version: 2,
      generation: before?.generation,
      position: before?.position,
      rebuildGeneration: null,
    });
    expect(await runtime.renamesOf(user)).toBe(5);

    await old.stop();
    const [stopped] = await projectionStates(fixture.db, fixture.store);
    expect(stopped.refusedBy).toEqual([]);
    // The worker that refused does not mark the projection stopped on its way out.
    expect(stopped.status).toBe(before?.status);
  });
});
