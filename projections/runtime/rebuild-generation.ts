import { type Knex } from 'knex';
import { type RecordedEvent } from '../../platform/event-store/port';
import { runsOnPglite } from '../../platform/read-model-db/pglite-knex-client';
import { applyToGeneration, eventsFor } from './apply-batch';
import { CHECKPOINTS, ensureProjection, readCheckpoint } from './checkpoints';
import { parkedEventIds } from './dead-letters';
import { type ProjectedEvent, type Projection } from './projection';
import { type RetainedLimits, RetainedRows } from './retained-rows';
import { createGeneration, createIndexes, dropGeneration, strayGenerations } from './tables';

/** One projection's rebuild: the generation it fills and how far it got. */
export type RebuildJob = {
  readonly projection: Projection;
  readonly generation: number;
  parked: Set<string>;
  position: string | null;
  eventsApplied: number;
  /** Time spent inside this projection's apply and its transactions. */
  applyMs: number;
  /** The replay's rows kept in memory; none once the replay is written (`finishReplay`). */
  retained?: RetainedRows;
};

/**
 * Rows per transaction when the replay's rows are written at its end. Each holds a transaction
 * id, like a chunk: order rows cost about 27 µs each to upsert on a quiet 2-core machine, so
 * 2,000 take about 55 ms (with 5,000, the live probe's p99 during `rebuild all` at 1M was 516 ms
 * against 429 for the old code, on the same busy machine).
 */
const WRITTEN_PER_TRANSACTION = 2_000;

/** The rebuild must stop: its lease was lost, another rebuild took over, or it was cancelled. */
export class RebuildStoppedError extends Error {
  constructor(projection: string, reason: string) {
    super(`the rebuild of projection ${projection} stopped: ${reason}`);
    this.name = 'RebuildStoppedError';
  }
}

/**
 * Creates the next generation's empty tables, without their secondary indexes (built once the
 * replay is written, in one sort each, rather than row by row), and records it as the one being
 * rebuilt; `retained` is what of each table the replay may keep in memory. Clears
 * what crashed rebuilds left, but never the generation the checkpoint names as being rebuilt:
 * its rebuilder may still be at work (it lost its lease, or holds one of its own on another
 * lease store); it sees that it was superseded at its next chunk and drops its own tables.
 */
export async function prepare(
  db: Knex,
  projection: Projection,
  retained: RetainedLimits,
): Promise<RebuildJob> {
  const live = await ensureProjection(db, projection);
  const keep = [live.generation, live.rebuildGeneration ?? live.generation];
  const strays = await strayGenerations(db, projection, keep);
  for (const stray of strays) await dropGeneration(db, projection, stray);
  const generation = Math.max(...keep, ...strays) + 1;
  await createGeneration(db, projection, generation, { indexes: false });
  await db(CHECKPOINTS).where({ name: projection.name }).update({
    rebuild_generation: generation,
    rebuild_position: null,
    rebuild_started_at: db.fn.now(),
  });
  const parked = await parkedEventIds(db, projection.name);
  return {
    projection,
    generation,
    parked,
    position: null,
    eventsApplied: 0,
    applyMs: 0,
    retained: new RetainedRows(retained),
  };
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
      const { projection, generation, retained } = job;
      await applyToGeneration(trx, projection, generation, selected, 'rebuild', retained);
      await recordRebuildPosition(trx, job, last);
      heldMs = performance.now() - started;
    };
    await (tx ? write(tx) : rebuildTransaction(db, write));
    job.applyMs += heldMs;
    job.eventsApplied += selected.length;
  }
  // A chunk with nothing to write skips the transaction; the position is only kept in memory.
  job.position = last;
  return heldMs;
}

/**
 * Ends the replay: writes the rows it still holds in memory, a few thousand per transaction (each
 * holds a transaction id, like a chunk), then builds the secondary indexes. The catch-up and the
 * swap that follow write as the live runner does.
 */
export async function finishReplay(db: Knex, job: RebuildJob, assertOwned: () => void) {
  const { retained } = job;
  while (retained && retained.pending > 0) {
    assertOwned();
    await rebuildTransaction(db, async (trx) => {
      await retained.writeSome(trx, WRITTEN_PER_TRANSACTION);
      await recordRebuildPosition(trx, job, job.position);
    });
  }
  job.retained = undefined;
  assertOwned();
  await createIndexes(db, job.projection, job.generation, { concurrently: !runsOnPglite(db) });
}

/**
 * A transaction writing the generation being rebuilt. Nothing reads it before the swap, whose
 * own commit is synchronous: a write lost to a crash is lost with the whole rebuild anyway, so
 * it need not wait for the WAL.
 */
function rebuildTransaction(db: Knex, write: (trx: Knex.Transaction) => Promise<void>) {
  return db.transaction(async (trx) => {
    await trx.raw('SET LOCAL synchronous_commit = off');
    await write(trx);
  });
}

async function recordRebuildPosition(tx: Knex.Transaction, job: RebuildJob, last: string | null) {
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
