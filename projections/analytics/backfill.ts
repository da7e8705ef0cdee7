import { type Knex } from 'knex';
import { ValidationError } from '../../domain/shared/errors';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { type EventStore, type Position } from '../../platform/event-store/port';
import { lockCheckpoint, readCheckpoint } from '../runtime/checkpoints';
import { parkedEventIds } from '../runtime/dead-letters';
import { physicalTable } from '../runtime/tables';
import { writeSums } from './apply';
import { AnalyticsSums, analyticsEventTypes } from './contributions';
import { analyticsProjection } from './index';
import { HOUR_MS } from './window';

export type BackfillWindow = Readonly<{ from?: Date; to?: Date }>;

export type BackfillProgress = Readonly<{
  /** Analytics events read from the store so far (the types the projection follows). */
  eventsRead: number;
  /** Of those, the ones counted in a bucket of the window. */
  eventsApplied: number;
  /** The position read up to; the backfill ends at the projection's checkpoint. */
  position: Position | null;
}>;

export type BackfillResult = Readonly<{
  /** The window recomputed, widened to whole hours; null: unbounded on that side. */
  from: Date | null;
  to: Date | null;
  eventsRead: number;
  eventsApplied: number;
  /** Hourly buckets with activity in the window, as written. */
  buckets: number;
  /** The checkpoint the result is consistent with. */
  position: Position | null;
}>;

const NAME = analyticsProjection.name;
const BATCH_SIZE = 5_000;

/**
 * Recomputes the analytics buckets of a window from the stored events (`shopstream analytics
 * backfill`): after analytics logic changed, or a bucket was damaged. Running it twice changes
 * nothing the second time, and the result equals what the live projection computes, because both
 * fold the same per-event contributions (contributions.ts).
 *
 * It never races the live projection:
 * 1. read the projection's checkpoint P;
 * 2. outside any transaction, fold every event up to and including P whose bucket lies in the
 *    window (on the embedded database the event store and the read models share one connection,
 *    so the store is never read inside a read-model transaction);
 * 3. in one transaction, lock the checkpoint row (live batches lock it first too); if it is still
 *    at P, replace the window's rows of the live generation with the sums and commit. If the live
 *    projection moved on to P', fold (P, P'] as well and try again.
 * Events an operator parked are skipped, as the live projection skipped them. Rows outside the
 * window are not touched. Product names are not bucketed: the latest name of every product seen
 * up to P is written as well.
 */
export async function backfillAnalytics(
  db: Knex,
  store: EventStore,
  window: BackfillWindow = {},
  onProgress?: (progress: BackfillProgress) => void,
): Promise<BackfillResult> {
  const { from, to } = snapToHours(window);
  let fold = new Fold(from, to);
  let target = await checkpointPosition(db);
  for (;;) {
    if (target !== null) await fold.readUpTo(db, store, target, onProgress);
    const expected = target;
    const found = await db.transaction(async (tx) => {
      const checkpoint = await lockCheckpoint(tx, NAME);
      if (checkpoint.position === expected) {
        await replaceWindow(tx, checkpoint.generation, fold);
      }
      return checkpoint.position;
    });
    if (found === expected) {
      const { eventsRead, eventsApplied } = fold;
      const buckets = fold.sums.hourlyRows().length;
      return { from, to, eventsRead, eventsApplied, buckets, position: target };
    }
    if (found === null || (target !== null && store.comparePositions(found, target) < 0)) {
      // Behind what was folded (a rebuild swapped in a generation that was not as far): start over.
      fold = new Fold(from, to);
    }
    target = found;
  }
}

/** The window's sums of the events read so far, and how far that is. */
class Fold {
  readonly sums = new AnalyticsSums();
  eventsRead = 0;
  eventsApplied = 0;
  /** Every event up to here is folded in; the next read starts after it. */
  private folded: Position | null = null;

  constructor(
    readonly from: Date | null,
    readonly to: Date | null,
  ) {}

  /** Folds the stored events after the last one folded, up to and including `target`. */
  async readUpTo(
    db: Knex,
    store: EventStore,
    target: Position,
    onProgress?: (progress: BackfillProgress) => void,
  ): Promise<void> {
    if (this.folded !== null && store.comparePositions(this.folded, target) >= 0) return;
    // Events an operator parked were passed over by the live projection: skip them too.
    const parked = await parkedEventIds(db, NAME);
    for await (const batch of store.readAll({
      ...(this.folded !== null && { fromPosition: this.folded }),
      filter: { eventTypes: analyticsEventTypes },
      batchSize: BATCH_SIZE,
    })) {
      const upTo = batch.filter((event) => store.comparePositions(event.position, target) <= 0);
      for (const recorded of upTo) {
        this.eventsRead++;
        if (parked.has(recorded.eventId)) continue;
        if (this.sums.add(toDomainEvent(recorded), this.inWindow)) this.eventsApplied++;
      }
      const position = upTo.at(-1)?.position ?? this.folded;
      onProgress?.({ eventsRead: this.eventsRead, eventsApplied: this.eventsApplied, position });
      if (upTo.length < batch.length) break;
    }
    this.folded = target;
  }

  private readonly inWindow = (bucket: number): boolean =>
    (this.from === null || bucket >= this.from.getTime()) &&
    (this.to === null || bucket < this.to.getTime());
}

/** Deletes the window's bucket rows of the live generation and writes the folded sums instead. */
async function replaceWindow(tx: Knex.Transaction, generation: number, fold: Fold): Promise<void> {
  const tables = {
    hourly: physicalTable('analytics_hourly', generation),
    productHourly: physicalTable('analytics_product_hourly', generation),
    products: physicalTable('analytics_products', generation),
  };
  for (const table of [tables.hourly, tables.productHourly]) {
    const rows = tx(table);
    if (fold.from) rows.where('bucket', '>=', fold.from.toISOString());
    if (fold.to) rows.where('bucket', '<', fold.to.toISOString());
    await rows.delete();
  }
  await writeSums(tx, fold.sums, tables);
}

async function checkpointPosition(db: Knex): Promise<Position | null> {
  const checkpoint = await readCheckpoint(db, NAME);
  if (!checkpoint) {
    throw new Error(
      `the ${NAME} projection has no checkpoint yet: run shopstream migrate and the projections first`,
    );
  }
  return checkpoint.position;
}

/** `from` rounded down and `to` rounded up to whole hours; `from` must come before `to`. */
export function snapToHours(window: BackfillWindow): { from: Date | null; to: Date | null } {
  const { from, to } = window;
  for (const [field, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && Number.isNaN(value.getTime())) {
      throw ValidationError.field(field, 'must be a valid date');
    }
  }
  if (from && to && from.getTime() >= to.getTime()) {
    throw ValidationError.field('from', 'must be before to');
  }
  return {
    from: from ? new Date(Math.floor(from.getTime() / HOUR_MS) * HOUR_MS) : null,
    to: to ? new Date(Math.ceil(to.getTime() / HOUR_MS) * HOUR_MS) : null,
  };
}
