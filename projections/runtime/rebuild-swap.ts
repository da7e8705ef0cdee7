import { type Knex } from 'knex';
import { comparePositions, START_POSITION } from '../../platform/event-store/position-codec';
import { type EventStore } from '../../platform/event-store/port';
import { runsOnPglite } from '../../platform/read-model-db/pglite-knex-client';
import { CHECKPOINTS, type Checkpoint, lockCheckpoint } from './checkpoints';
import { applyRebuildChunk, type RebuildJob, RebuildStoppedError } from './rebuild-generation';
import { pointViews, dropGeneration } from './tables';

export type SwapDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  batchSize: number;
  /** Throws when the rebuild must stop (lease lost, cancelled). */
  assertOwned(): void;
  /** Awaited after each catch-up batch (inside the locked swap, on PostgreSQL). */
  onRead(events: number): Promise<void> | void;
  onSwapped?: (projection: string, position: string | null) => Promise<void> | void;
}>;

/** Only the embedded database retries: see `swapIn`. */
const EMBEDDED_SWAP_ATTEMPTS = 50;

/**
 * Catches the job's generation up with the head and, in one transaction holding the checkpoint
 * row, makes it the live one: the checkpoint takes the rebuild's position and the views point at
 * the new tables. Then the old tables are dropped.
 *
 * The live runner advances the same row, so the rebuild must be at least as far as it. Most of
 * the catch-up runs before the lock; on PostgreSQL, the few events that arrive meanwhile are
 * applied inside the locked transaction, where the runner cannot move, so one attempt always
 * overtakes it however fast events arrive. The embedded database cannot read events while a
 * read-model transaction is open (one connection), so there the catch-up stays outside and the
 * swap tries again while the runner is ahead.
 */
export async function swapIn(deps: SwapDependencies, job: RebuildJob): Promise<void> {
  const { db } = deps;
  const name = job.projection.name;
  const embedded = runsOnPglite(db);
  for (let attempt = 1; attempt <= (embedded ? EMBEDDED_SWAP_ATTEMPTS : 1); attempt++) {
    await catchUp(deps, job);
    const swapped = await db.transaction(async (tx) => {
      const live = await lockCheckpoint(tx, name);
      if (live.rebuildGeneration !== job.generation) {
        throw new RebuildStoppedError(name, 'another rebuild took over');
      }
      if (!embedded) await catchUp(deps, job, tx);
      if (isBehind(job, live)) return undefined;
      deps.assertOwned();
      await takeOver(tx, job, live);
      return live.generation;
    });
    if (swapped !== undefined) {
      // Waits for reads still running on the old tables; new reads already use the new ones.
      await dropGeneration(db, job.projection, swapped);
      await deps.onSwapped?.(name, job.position);
      return;
    }
  }
  throw new Error(`projection ${name}: the rebuild could not overtake the live runner`);
}

/** Applies what was stored after the job's position, in `tx` if given. */
async function catchUp(deps: SwapDependencies, job: RebuildJob, tx?: Knex.Transaction) {
  const batches = deps.store.readAll({
    fromPosition: job.position ?? undefined,
    batchSize: deps.batchSize,
  });
  for await (const batch of batches) {
    deps.assertOwned();
    await applyRebuildChunk(deps.db, job, batch, batch[batch.length - 1].position, tx);
    await deps.onRead(batch.length);
  }
}

function isBehind(job: RebuildJob, live: Checkpoint): boolean {
  return comparePositions(job.position ?? START_POSITION, live.position ?? START_POSITION) < 0;
}

async function takeOver(tx: Knex.Transaction, job: RebuildJob, live: Checkpoint) {
  await tx(CHECKPOINTS)
    .where({ name: job.projection.name })
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
}
