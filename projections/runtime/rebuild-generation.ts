import { type Knex } from 'knex';
import { type RecordedEvent } from '../../platform/event-store/port';
import { applyToGeneration, eventsFor } from './apply-batch';
import { CHECKPOINTS, ensureProjection, readCheckpoint } from './checkpoints';
import { parkedEventIds } from './dead-letters';
import { type ProjectedEvent, type Projection } from './projection';
import { createGeneration, dropGeneration, strayGenerations } from './tables';

/** One projection's rebuild: the generation it fills and how far it got. */
export type RebuildJob = {
  readonly projection: Projection;
  readonly generation: number;
  parked: Set<string>;
  position: string | null;
  eventsApplied: number;
  /** Time spent inside this projection's apply and its transactions. */
  applyMs: number;
};

/** The rebuild must stop: its lease was lost, another rebuild took over, or it was cancelled. */
export class RebuildStoppedError extends Error {
  constructor(projection: string, reason: string) {
    super(`the rebuild of projection ${projection} stopped: ${reason}`);
    this.name = 'RebuildStoppedError';
  }
}

/**
 * Creates the next generation's empty tables and records it as the one being rebuilt. Clears
 * what crashed rebuilds left, but never the generation the checkpoint names as being rebuilt:
 * its rebuilder may still be at work (it lost its lease, or holds one of its own on another
 * lease store); it sees that it was superseded at its next chunk and drops its own tables.
 */
export async function prepare(db: Knex, projection: Projection): Promise<RebuildJob> {
  const live = await ensureProjection(db, projection);
  const keep = [live.generation, live.rebuildGeneration ?? live.generation];
  const strays = await strayGenerations(db, projection, keep);
  for (const stray of strays) await dropGeneration(db, projection, stray);
  const generation = Math.max(...keep, ...strays) + 1;
  await createGeneration(db, projection, generation);
  await db(CHECKPOINTS).where({ name: projection.name }).update({
    rebuild_generation: generation,
    rebuild_position: null,
    rebuild_started_at: db.fn.now(),
  });
  const parked = await parkedEventIds(db, projection.name);
  return { projection, generation, parked, position: null, eventsApplied: 0, applyMs: 0 };
}

/**
 * Applies a chunk to the job's generation in one transaction (or in the caller's) and records
 * the rebuild's position. Returns the time the transaction took from its first statement: about
 * how long it held a transaction id. Refuses when the checkpoint names another generation as
 * being rebuilt.
 */
export async function applyRebuildChunk(
  db: Knex,
  job: RebuildJob,
  chunk: readonly RecordedEvent[] | readonly ProjectedEvent[],
  last: string,
  tx?: Knex.Transaction,
): Promise<number> {
  const selected = eventsFor(job.projection, chunk, job.parked);
  let heldMs = 0;
  if (selected.length > 0) {
    const write = async (trx: Knex.Transaction) => {
      const started = performance.now();
      await applyToGeneration(trx, job.projection, job.generation, selected, 'rebuild');
      await recordRebuildPosition(trx, job, last);
      heldMs = performance.now() - started;
    };
    if (tx) await write(tx);
    else {
      await db.transaction(async (trx) => {
        // Nothing reads these tables before the swap, whose own commit is synchronous: a chunk
        // lost to a crash is lost with the whole rebuild anyway, so it need not wait for the WAL.
        await trx.raw('SET LOCAL synchronous_commit = off');
        await write(trx);
      });
    }
    job.applyMs += heldMs;
    job.eventsApplied += selected.length;
  }
  // A chunk with nothing to write skips the transaction; the position is only kept in memory.
  job.position = last;
  return heldMs;
}

async function recordRebuildPosition(tx: Knex.Transaction, job: RebuildJob, last: string) {
  const name = job.projection.name;
  const updated = await tx(CHECKPOINTS)
    .where({ name, rebuild_generation: job.generation })
    .update({ rebuild_position: last });
  if (updated === 0) throw new RebuildStoppedError(name, 'another rebuild took over');
}

/**
 * A failed rebuild leaves the live tables as they were and removes its own, only its own (and
 * not once they went live: a failure after the swap leaves them serving).
 */
export async function abandon(db: Knex, job: RebuildJob): Promise<void> {
  const live = await readCheckpoint(db, job.projection.name);
  if (live?.generation === job.generation) return;
  await dropGeneration(db, job.projection, job.generation);
  await db(CHECKPOINTS)
    .where({ name: job.projection.name, rebuild_generation: job.generation })
    .update({ rebuild_generation: null, rebuild_position: null, rebuild_started_at: null });
}
