import { type Knex } from 'knex';
import { type Projection } from './projection';
import { createGeneration, pointViews } from './tables';

export const CHECKPOINTS = 'projection_checkpoints';

export type ProjectionStatus =
  | 'new' // tables created, nothing applied yet
  | 'running'
  | 'failing' // the handler throws on `failingEventId`; retried with backoff
  | 'stopped';

/** One projection's row: where its live tables got to, and what is wrong with it. */
export type Checkpoint = Readonly<{
  name: string;
  version: number;
  generation: number;
  /** Position of the last event applied (or skipped) by the live tables; null: none yet. */
  position: string | null;
  status: ProjectionStatus;
  lastError: string | null;
  failingEventId: string | null;
  failingPosition: string | null;
  failingType: string | null;
  failingAttempts: number;
  /** Fence of the last run to start (`claimFence`); a run holding a lower one is stale. */
  fence: bigint;
  rebuildGeneration: number | null;
  rebuildPosition: string | null;
  rebuildStartedAt: Date | null;
  updatedAt: Date;
}>;

type CheckpointRow = {
  name: string;
  version: number;
  generation: number;
  position: string | null;
  status: ProjectionStatus;
  last_error: string | null;
  failing_event_id: string | null;
  failing_position: string | null;
  failing_type: string | null;
  failing_attempts: number;
  fence: string | number;
  rebuild_generation: number | null;
  rebuild_position: string | null;
  rebuild_started_at: Date | null;
  updated_at: Date;
};

export function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    name: row.name,
    version: row.version,
    generation: row.generation,
    position: row.position,
    status: row.status,
    lastError: row.last_error,
    failingEventId: row.failing_event_id,
    failingPosition: row.failing_position,
    failingType: row.failing_type,
    failingAttempts: row.failing_attempts,
    fence: BigInt(row.fence),
    rebuildGeneration: row.rebuild_generation,
    rebuildPosition: row.rebuild_position,
    rebuildStartedAt: row.rebuild_started_at,
    updatedAt: row.updated_at,
  };
}

export async function readCheckpoint(
  db: Knex | Knex.Transaction,
  name: string,
): Promise<Checkpoint | undefined> {
  const row = (await db<CheckpointRow>(CHECKPOINTS).where({ name }).first()) as
    CheckpointRow | undefined;
  return row && toCheckpoint(row);
}

export async function readCheckpoints(db: Knex): Promise<Checkpoint[]> {
  const rows = (await db<CheckpointRow>(CHECKPOINTS).orderBy('name')) as CheckpointRow[];
  return rows.map(toCheckpoint);
}

/** The row, locked until the transaction ends: the compare-and-set of every batch starts here. */
export async function lockCheckpoint(tx: Knex.Transaction, name: string): Promise<Checkpoint> {
  const row = (await tx<CheckpointRow>(CHECKPOINTS).where({ name }).forUpdate().first()) as
    CheckpointRow | undefined;
  if (!row) throw new Error(`projection ${name} has no checkpoint row (run shopstream migrate)`);
  return toCheckpoint(row);
}

/**
 * Makes sure the projection has a checkpoint row and live tables (generation 1, empty, behind
 * its views). Safe to call concurrently: the row's primary key lets one caller create them and
 * makes the others wait for its commit. Returns the checkpoint.
 */
export async function ensureProjection(db: Knex, projection: Projection): Promise<Checkpoint> {
  const existing = await readCheckpoint(db, projection.name);
  if (existing) return existing;
  await db.transaction(async (tx) => {
    const inserted = await tx(CHECKPOINTS)
      .insert({ name: projection.name, version: projection.version, status: 'new', generation: 1 })
      .onConflict('name')
      .ignore()
      .returning('name');
    if (inserted.length === 0) return;
    await createGeneration(tx, projection, 1);
    await pointViews(tx, projection, 1);
  });
  return (await readCheckpoint(db, projection.name)) as Checkpoint;
}

/**
 * Starts a run: raises the stored fence to the lease's token, or one past what is stored when
 * that is higher, and returns the checkpoint with the run's fence. Lease tokens restart at 1 when
 * the lease manager loses its counter (in-process leases after a restart, Redis without
 * persistence), and a run fenced below the stored value would fail every batch; so a run's fence
 * is always above every earlier run's. The row lock orders the claim after any batch in flight,
 * and no earlier run can write after it, so the position returned is final.
 *
 * A projection a stopped worker marked `stopped` runs again from here: only a batch would say so
 * otherwise, and a caught-up projection on an idle shop gets none. `failing` stays until its
 * event applies; `new` until the first batch.
 */
export async function claimRun(db: Knex, name: string, leaseToken: bigint): Promise<Checkpoint> {
  const [row] = (await db<CheckpointRow>(CHECKPOINTS)
    .where({ name })
    .update({
      fence: db.raw('greatest(fence + 1, ?::bigint)', [leaseToken.toString()]),
      status: db.raw("CASE WHEN status = 'stopped' THEN 'running' ELSE status END"),
    })
    .returning('*')) as CheckpointRow[];
  if (!row) throw new Error(`projection ${name} has no checkpoint row (run shopstream migrate)`);
  return toCheckpoint(row);
}

/** The end of a batch: the checkpoint moves to `position` under this run's fence. */
export async function advanceCheckpoint(
  tx: Knex.Transaction,
  name: string,
  position: string,
  fence: bigint,
): Promise<void> {
  await tx(CHECKPOINTS).where({ name }).update({
    position,
    fence: fence.toString(),
    status: 'running',
    last_error: null,
    failing_event_id: null,
    failing_position: null,
    failing_type: null,
    failing_attempts: 0,
    updated_at: tx.fn.now(),
  });
}

export type Failure = Readonly<{
  eventId: string;
  position: string;
  type: string;
  error: string;
}>;

/** Outside the failed batch's transaction (it rolled back); only on the generation it was for. */
export async function recordFailure(
  db: Knex,
  name: string,
  generation: number,
  failure: Failure,
): Promise<void> {
  await db(CHECKPOINTS)
    .where({ name, generation })
    .update({
      status: 'failing',
      last_error: `event ${failure.eventId} (${failure.type} at ${failure.position}): ${failure.error}`,
      failing_event_id: failure.eventId,
      failing_position: failure.position,
      failing_type: failure.type,
      failing_attempts: db.raw(
        'CASE WHEN failing_event_id = ? THEN failing_attempts + 1 ELSE 1 END',
        [failure.eventId],
      ),
      updated_at: db.fn.now(),
    });
}

export async function setStatus(db: Knex, name: string, status: ProjectionStatus): Promise<void> {
  await db(CHECKPOINTS).where({ name }).update({ status, updated_at: db.fn.now() });
}
