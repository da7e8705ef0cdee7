import { type Knex } from 'knex';

export const RELAY_CHECKPOINTS = 'relay_checkpoints';

/** The relay's row; one relay runs per deployment (its lease is named the same). */
export const RELAY_NAME = 'relay';

export type RelayCheckpoint = Readonly<{
  name: string;
  /** The position of the last event the bus acknowledged; null before the first. */
  position: string | null;
  /** The run that wrote it (see `beginRun`). */
  fence: bigint;
  lastError: string | null;
  updatedAt: Date;
}>;

type Row = {
  name: string;
  position: string | null;
  fence: string | number;
  last_error: string | null;
  updated_at: Date;
};

/** Another relay run has written the checkpoint since this one started: this run must end. */
export class RelayFencedOffError extends Error {
  constructor(detail: string) {
    super(`relay checkpoint: ${detail}`);
    this.name = 'RelayFencedOffError';
  }
}

export async function readRelayCheckpoint(
  db: Knex,
  name = RELAY_NAME,
): Promise<RelayCheckpoint | undefined> {
  const row = (await db<Row>(RELAY_CHECKPOINTS).where({ name }).first()) as Row | undefined;
  return (
    row && {
      name: row.name,
      position: row.position,
      fence: BigInt(row.fence),
      lastError: row.last_error,
      updatedAt: row.updated_at,
    }
  );
}

/**
 * Starts a run: creates the row if needed and raises its fence by one, returning the checkpoint
 * with the run's own fence. The fence comes from the row rather than the lease's token because
 * in-process leases start counting again at 1 when the process restarts; a row-held counter
 * only ever grows, so a run that started earlier can never write after a later one.
 */
export async function beginRun(db: Knex, name = RELAY_NAME): Promise<RelayCheckpoint> {
  await db(RELAY_CHECKPOINTS).insert({ name }).onConflict('name').ignore();
  const [row] = (await db(RELAY_CHECKPOINTS)
    .where({ name })
    .update({ fence: db.raw('fence + 1') })
    .returning(['name', 'position', 'fence', 'last_error', 'updated_at'])) as Row[];
  return {
    name: row.name,
    position: row.position,
    fence: BigInt(row.fence),
    lastError: row.last_error,
    updatedAt: row.updated_at,
  };
}

/**
 * Moves the checkpoint to `position` if it still holds what this run last wrote (`expected`)
 * under this run's fence: a compare-and-set, so two relays can never both advance it.
 */
export async function advanceRelayCheckpoint(
  db: Knex,
  target: Readonly<{ name: string; expected: string | null; fence: bigint }>,
  position: string,
): Promise<void> {
  const query = db(RELAY_CHECKPOINTS).where({ name: target.name, fence: target.fence.toString() });
  if (target.expected === null) query.whereNull('position');
  else query.where({ position: target.expected });
  const updated = await query.update({ position, last_error: null, updated_at: db.fn.now() });
  if (updated !== 1) {
    throw new RelayFencedOffError(
      `expected position ${target.expected ?? 'none'} under fence ${target.fence}, ` +
        'but another relay run has written since',
    );
  }
}

/** Best effort: a failure to record a failure must not hide the failure itself. */
export async function recordRelayError(db: Knex, name: string, error: string): Promise<void> {
  await db(RELAY_CHECKPOINTS)
    .where({ name })
    .update({ last_error: error.slice(0, 2_000), updated_at: db.fn.now() });
}
