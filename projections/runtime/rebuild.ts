import { type Knex } from 'knex';
import { type LeaseManager } from '../../platform/coordination/ports';
import { comparePositions, START_POSITION } from '../../platform/event-store/position-codec';
import { type EventStore, type RecordedEvent } from '../../platform/event-store/port';
import { applyToGeneration, eventsFor, toProjected } from './apply-batch';
import { CHECKPOINTS, ensureProjection, lockCheckpoint, readCheckpoint } from './checkpoints';
import { parkedEventIds } from './dead-letters';
import { holdLease } from '../../platform/workers/hold-lease';
import { type ProjectedEvent, type Projection } from './projection';
import {
  createGeneration,
  dropGeneration,
  physicalTable,
  pointViews,
  strayGenerations,
} from './tables';

export type RebuildProgress = Readonly<{
  projections: readonly string[];
  phase: 'replay' | 'catch-up' | 'swap' | 'done';
  eventsRead: number;
  /** Events in the store when the rebuild started (new ones arrive meanwhile). */
  eventsTotal: number;
  elapsedMs: number;
}>;

export type RebuildResult = Readonly<{
  projection: string;
  generation: number;
  position: string | null;
  eventsApplied: number;
  /** Time spent inside this projection's apply and its transactions. */
  applyMs: number;
}>;

export type RebuildDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  leases: LeaseManager;
  ownerId: string;
  /** Events per `$all` query. */
  batchSize?: number;
  /**
   * Events per replay transaction (several reads' worth): a row touched again and again (a
   * product's stock, an order's status) is then written once per chunk instead of once per read.
   */
  applySize?: number;
  onProgress?: (progress: RebuildProgress) => void;
  /** Called after each swap, so read-your-writes waiters learn the new checkpoint. */
  onSwapped?: (projection: string, position: string | null) => Promise<void> | void;
}>;

export class RebuildBusyError extends Error {
  constructor(projection: string) {
    super(`a rebuild of projection ${projection} is already running`);
    this.name = 'RebuildBusyError';
  }
}

type Job = {
  projection: Projection;
  generation: number;
  parked: Set<string>;
  position: string | null;
  eventsApplied: number;
  applyMs: number;
};

const SWAP_ATTEMPTS = 50;
export const DEFAULT_REBUILD_BATCH = 5_000;
export const DEFAULT_REBUILD_APPLY_SIZE = 100_000;

/**
 * Rebuilds projections from the first event into fresh tables (the next generation) while the
 * live ones keep serving, then swaps each in atomically: one pass over `$all` feeds all of them;
 * then each catches up with the head and, in one transaction holding its checkpoint row, takes
 * over if it is at least as far as the live tables (else it catches up again). Old tables are
 * dropped after the swap. A live runner finds the new generation at its next batch and goes on
 * from the rebuilt checkpoint.
 */
export async function rebuildProjections(
  projections: readonly Projection[],
  deps: RebuildDependencies,
): Promise<RebuildResult[]> {
  const leases = await Promise.all(
    projections.map((p) => holdLease(deps.leases, `projection-rebuild:${p.name}`, deps.ownerId)),
  );
  try {
    leases.forEach((lease, index) => {
      if (!lease) throw new RebuildBusyError(projections[index].name);
    });
    const jobs: Job[] = [];
    for (const projection of projections) jobs.push(await prepare(deps.db, projection));
    const started = Date.now();
    const eventsTotal = await deps.store.countEventsAfter();
    const report = (phase: RebuildProgress['phase'], eventsRead: number) =>
      deps.onProgress?.({
        projections: projections.map((p) => p.name),
        phase,
        eventsRead,
        eventsTotal,
        elapsedMs: Date.now() - started,
      });

    let eventsRead = 0;
    const handled = new Set(projections.flatMap((p) => p.eventTypes as readonly string[]));
    const batches = prefetched(
      regrouped(
        deps.store.readAll({ batchSize: deps.batchSize ?? DEFAULT_REBUILD_BATCH }),
        deps.applySize ?? DEFAULT_REBUILD_APPLY_SIZE,
      ),
    );
    for await (const batch of batches) {
      // Upcast once for all projections; each applies in its own transaction, in parallel
      // (on PostgreSQL each gets a connection; on PGlite they queue for its one).
      const projected = batch.filter((event) => handled.has(event.type)).map(toProjected);
      const last = batch[batch.length - 1].position;
      await Promise.all(jobs.map((job) => applyRebuildBatch(deps.db, job, projected, last)));
      eventsRead += batch.length;
      report('replay', eventsRead);
    }
    for (const job of jobs) {
      await setLogged(deps.db, job.projection, job.generation, true);
      await swapIn(deps, job, (read) => report('catch-up', (eventsRead += read)));
      report('swap', eventsRead);
    }
    report('done', eventsRead);
    return jobs.map((job) => ({
      projection: job.projection.name,
      generation: job.generation,
      position: job.position,
      eventsApplied: job.eventsApplied,
      applyMs: job.applyMs,
    }));
  } catch (error) {
    await Promise.all(
      projections.map((p, i) => leases[i] && abandon(deps.db, p).catch(() => undefined)),
    );
    throw error;
  } finally {
    await Promise.all(leases.map((lease) => lease?.release()));
  }
}

/** Creates the next generation's empty tables, after clearing what a crashed rebuild left. */
async function prepare(db: Knex, projection: Projection): Promise<Job> {
  const live = await ensureProjection(db, projection);
  for (const stray of await strayGenerations(db, projection, [live.generation])) {
    await dropGeneration(db, projection, stray);
  }
  const generation = Math.max(live.generation, live.rebuildGeneration ?? 0) + 1;
  await createGeneration(db, projection, generation);
  await setLogged(db, projection, generation, false);
  await db(CHECKPOINTS).where({ name: projection.name }).update({
    rebuild_generation: generation,
    rebuild_position: null,
    rebuild_started_at: db.fn.now(),
  });
  const parked = await parkedEventIds(db, projection.name);
  return { projection, generation, parked, position: null, eventsApplied: 0, applyMs: 0 };
}

async function applyRebuildBatch(
  db: Knex,
  job: Job,
  batch: readonly RecordedEvent[] | readonly ProjectedEvent[],
  last: string,
) {
  const selected = eventsFor(job.projection, batch, job.parked);
  if (selected.length > 0) {
    const started = performance.now();
    await db.transaction(async (tx) => {
      // Nothing reads these tables before the swap, whose own commit is synchronous: a batch lost
      // to a crash is lost with the whole rebuild anyway, so it need not wait for the WAL flush.
      await tx.raw('SET LOCAL synchronous_commit = off');
      await applyToGeneration(tx, job.projection, job.generation, selected, 'rebuild');
      await tx(CHECKPOINTS).where({ name: job.projection.name }).update({ rebuild_position: last });
    });
    job.applyMs += performance.now() - started;
    job.eventsApplied += selected.length;
  }
  // A chunk with nothing to write skips the transaction; the position is only kept in memory.
  job.position = last;
}

/** Joins consecutive batches until each holds at least `size` events (the last may hold fewer). */
async function* regrouped<T>(source: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let group: T[] = [];
  for await (const batch of source) {
    group = group.length === 0 ? batch : group.concat(batch);
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

/** Reads the next batch while the current one is being applied. */
async function* prefetched<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    // An unhandled rejection of the prefetch would crash the process; it is rethrown on await.
    next.catch(() => undefined);
    yield current.value;
  }
}

async function swapIn(deps: RebuildDependencies, job: Job, onRead: (events: number) => void) {
  const { db, store } = deps;
  const name = job.projection.name;
  for (let attempt = 1; attempt <= SWAP_ATTEMPTS; attempt++) {
    // Catch up outside the swap transaction: on the embedded database, reading events while a
    // read-model transaction is open would wait on that very transaction.
    const fromPosition = job.position ?? undefined;
    for await (const batch of store.readAll({
      fromPosition,
      batchSize: deps.batchSize ?? DEFAULT_REBUILD_BATCH,
    })) {
      await applyRebuildBatch(db, job, batch, batch[batch.length - 1].position);
      onRead(batch.length);
    }
    const swapped = await db.transaction(async (tx) => {
      const live = await lockCheckpoint(tx, name);
      const behind =
        comparePositions(job.position ?? START_POSITION, live.position ?? START_POSITION) < 0;
      if (behind) return undefined;
      await tx(CHECKPOINTS)
        .where({ name })
        .update({
          generation: job.generation,
          version: job.projection.version,
          position: job.position,
          status: job.position === null ? 'new' : live.status === 'stopped' ? 'stopped' : 'running',
          last_error: null,
          failing_event_id: null,
          failing_position: null,
          failing_type: null,
          failing_attempts: 0,
          rebuild_generation: null,
          rebuild_position: null,
          rebuild_started_at: null,
          updated_at: tx.fn.now(),
        });
      await pointViews(tx, job.projection, job.generation);
      return live.generation;
    });
    if (swapped !== undefined) {
      // Waits for reads still running on the old tables; new reads already use the new ones.
      await dropGeneration(db, job.projection, swapped);
      await deps.onSwapped?.(name, job.position);
      return;
    }
  }
  throw new Error(
    `projection ${name}: the rebuild could not overtake the live runner in ${SWAP_ATTEMPTS} attempts`,
  );
}

/**
 * The replay writes unlogged tables (no WAL for the many intermediate row versions); they become
 * logged, written to the WAL once in their final state, before the catch-up and the swap, so the
 * tables that go live are crash-safe like any other.
 */
async function setLogged(
  db: Knex,
  projection: Projection,
  generation: number,
  logged: boolean,
): Promise<void> {
  for (const logical of Object.keys(projection.tables)) {
    await db.raw(`ALTER TABLE ?? SET ${logged ? 'LOGGED' : 'UNLOGGED'}`, [
      physicalTable(logical, generation),
    ]);
  }
}

/** A failed rebuild leaves the live tables as they were and removes its own. */
async function abandon(db: Knex, projection: Projection): Promise<void> {
  const live = await readCheckpoint(db, projection.name);
  if (!live?.rebuildGeneration) return;
  await dropGeneration(db, projection, live.rebuildGeneration);
  await db(CHECKPOINTS).where({ name: projection.name }).update({
    rebuild_generation: null,
    rebuild_position: null,
    rebuild_started_at: null,
  });
}
