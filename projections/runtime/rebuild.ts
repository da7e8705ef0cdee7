import { type Knex } from 'knex';
import { type LeaseManager } from '../../platform/coordination/ports';
import { type EventStore } from '../../platform/event-store/port';
import { type HeldLease, holdLease } from '../../platform/workers/hold-lease';
import { toProjected } from './apply-batch';
import { ChunkSizer, chunked, prefetched } from './rebuild-chunks';
import {
  abandon,
  applyRebuildChunk,
  finishReplay,
  prepare,
  type RebuildJob,
  RebuildStoppedError,
} from './rebuild-generation';
import { swapIn } from './rebuild-swap';
import { type Projection } from './projection';

export { RebuildStoppedError } from './rebuild-generation';

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
   * Most events per replay transaction (fewer when `chunkTargetMs` says so): each holds the
   * chunk's events, and the next chunk's, in memory.
   */
  applySize?: number;
  /** About how long one replay transaction may write (and hold a transaction id). */
  chunkTargetMs?: number;
  /**
   * Most rows of one table a projection keeps in memory through the replay (each is written
   * once, when it leaves memory or at the end): bounds the rebuild's memory.
   */
  retainedRows?: number;
  /** About how many bytes of one table's rows (as JSON) a projection keeps in memory. */
  retainedBytes?: number;
  /** The rebuild lease's time to live (renewed every third of it). */
  leaseTtlMs?: number;
  /** Aborting stops the rebuild at its next chunk and removes its tables. */
  signal?: AbortSignal;
  /** Awaited: a slow consumer slows the rebuild, between its transactions. */
  onProgress?: (progress: RebuildProgress) => Promise<void> | void;
  /** Called after each swap, so read-your-writes waiters learn the new checkpoint. */
  onSwapped?: (projection: string, position: string | null) => Promise<void> | void;
}>;

export class RebuildBusyError extends Error {
  constructor(projection: string) {
    super(`a rebuild of projection ${projection} is already running`);
    this.name = 'RebuildBusyError';
  }
}

export const DEFAULT_REBUILD_BATCH = 5_000;
/**
 * Since the replay keeps its rows in memory, a larger chunk no longer saves rewrites; it costs
 * memory (a chunk is applied while the next is read: two in memory).
 */
export const DEFAULT_REBUILD_APPLY_SIZE = 20_000;
/** Well under the second a live subscriber should ever wait on a rebuild. */
export const DEFAULT_CHUNK_TARGET_MS = 300;
/**
 * At 1M events notifications holds about 150,000 rows and orders 70,000; the oldest have
 * mostly stopped changing (delivered, sent), so writing them early costs few rewrites.
 */
export const DEFAULT_RETAINED_ROWS = 25_000;
/**
 * A guard against large rows (an order of 50 lines is about 7 kB of JSON), not a cut at this
 * shop's sizes: 25,000 orders of 754 B average are 18 MiB. Lower saves memory and costs
 * rewrites: at 4 MiB, `rebuild all` at 1M peaked at 583 MiB instead of 726 and used about a
 * quarter more CPU in Node and 40% more in PostgreSQL (bench/README.md, "Step 8, rebuild").
 */
export const DEFAULT_RETAINED_BYTES = 24 * 1024 * 1024;
const FIRST_CHUNK = 1_000;

/**
 * Rebuilds projections from the first event into fresh tables (the next generation) while the
 * live ones keep serving, then swaps each in atomically: one pass over `$all` feeds all of them,
 * in transactions sized to stay short (rebuild-chunks.ts); then each catches up with the head
 * and takes over from the live tables (rebuild-swap.ts). Old tables are dropped after the swap.
 * A live runner finds the new generation at its next batch and goes on from the rebuilt
 * checkpoint. A rebuild that loses its lease, is superseded by another, or is aborted stops
 * between two transactions and removes its own tables.
 */
export async function rebuildProjections(
  projections: readonly Projection[],
  deps: RebuildDependencies,
): Promise<RebuildResult[]> {
  const leases = await Promise.all(
    projections.map((p) =>
      holdLease(deps.leases, `projection-rebuild:${p.name}`, deps.ownerId, deps.leaseTtlMs),
    ),
  );
  const jobs: RebuildJob[] = [];
  try {
    leases.forEach((lease, index) => {
      if (!lease) throw new RebuildBusyError(projections[index].name);
    });
    const assertOwned = ownership(projections, leases as HeldLease[], deps.signal);
    const retained = {
      rows: deps.retainedRows ?? DEFAULT_RETAINED_ROWS,
      bytes: deps.retainedBytes ?? DEFAULT_RETAINED_BYTES,
    };
    for (const projection of projections) {
      jobs.push(await prepare(deps.db, projection, retained));
    }
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
    await replay(deps, jobs, assertOwned, (read) => report('replay', (eventsRead += read)));
    const batchSize = deps.batchSize ?? DEFAULT_REBUILD_BATCH;
    for (const job of jobs) {
      const onRead = (read: number) => report('catch-up', (eventsRead += read));
      await swapIn({ ...deps, batchSize, assertOwned, onRead }, job);
      await report('swap', eventsRead);
    }
    await report('done', eventsRead);
    return jobs.map((job) => ({
      projection: job.projection.name,
      generation: job.generation,
      position: job.position,
      eventsApplied: job.eventsApplied,
      applyMs: job.applyMs,
    }));
  } catch (error) {
    await Promise.all(jobs.map((job) => abandon(deps.db, job).catch(() => undefined)));
    throw error;
  } finally {
    await Promise.all(leases.map((lease) => lease?.release()));
  }
}

/**
 * The single pass over `$all`: each chunk is upcast once for all projections, and each applies
 * it in its own transaction, in parallel (on PostgreSQL each gets a connection; on PGlite they
 * queue for its one). Then each writes what it kept in memory and builds its indexes.
 */
async function replay(
  deps: RebuildDependencies,
  jobs: readonly RebuildJob[],
  assertOwned: () => void,
  onChunk: (events: number) => Promise<void> | void,
): Promise<void> {
  const handled = new Set(jobs.flatMap((job) => job.projection.eventTypes as readonly string[]));
  const sizer = new ChunkSizer({
    minEvents: Math.min(FIRST_CHUNK, deps.applySize ?? FIRST_CHUNK),
    maxEvents: deps.applySize ?? DEFAULT_REBUILD_APPLY_SIZE,
    targetMs: deps.chunkTargetMs ?? DEFAULT_CHUNK_TARGET_MS,
  });
  const events = deps.store.readAll({ batchSize: deps.batchSize ?? DEFAULT_REBUILD_BATCH });
  for await (const chunk of prefetched(chunked(events, () => sizer.size))) {
    assertOwned();
    const projected = chunk.filter((event) => handled.has(event.type)).map(toProjected);
    const last = chunk[chunk.length - 1].position;
    const held = await Promise.all(
      jobs.map((job) => applyRebuildChunk(deps.db, job, projected, last)),
    );
    sizer.record(chunk.length, Math.max(...held));
    await onChunk(chunk.length);
  }
  await Promise.all(jobs.map((job) => finishReplay(deps.db, job, assertOwned)));
}

/** Throws once any of the rebuild's leases is lost, or the caller aborted it. */
function ownership(
  projections: readonly Projection[],
  leases: readonly HeldLease[],
  signal: AbortSignal | undefined,
): () => void {
  return () => {
    const lost = leases.findIndex((lease) => lease.lost.aborted);
    if (lost >= 0) {
      throw new RebuildStoppedError(
        projections[lost].name,
        `it lost its lease (${String(leases[lost].lost.reason)})`,
      );
    }
    if (signal?.aborted) throw new RebuildStoppedError(projections[0].name, 'it was cancelled');
  };
}
