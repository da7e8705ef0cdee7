import { type Knex } from 'knex';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { type RecordedEvent } from '../../platform/event-store/port';
import { advanceCheckpoint, lockCheckpoint } from './checkpoints';
import { type ProjectedEvent, type Projection } from './projection';
import { type RetainedRows } from './retained-rows';
import { RowBatch } from './row-batch';
import { tableNamer } from './tables';

/** Another runner advanced this projection's checkpoint: this run is stale and must end. */
export class CheckpointConflictError extends Error {
  constructor(projection: string, detail: string) {
    super(`projection ${projection}: checkpoint conflict, ${detail}`);
    this.name = 'CheckpointConflictError';
  }
}

/** A rebuild swapped in new tables: resume from the new checkpoint. */
export class GenerationChangedError extends Error {
  constructor(projection: string, from: number, to: number) {
    super(`projection ${projection}: tables swapped from generation ${from} to ${to}`);
    this.name = 'GenerationChangedError';
  }
}

/** Where a live batch goes and what the runner believes about the checkpoint. */
export type LiveTarget = Readonly<{
  projection: Projection;
  generation: number;
  /** The checkpoint the runner last wrote or read; the compare-and-set's expected value. */
  expected: string | null;
  /** The run's fence (`claimFence`); a higher one stored means a later run took over. */
  fence: bigint;
}>;

/**
 * One live batch in one transaction: lock the checkpoint, check it is where this runner left it,
 * apply, advance. A crash anywhere rolls the whole batch back, so each event is applied exactly
 * once. Returns the new checkpoint (the batch's last position: unhandled and parked events are
 * passed over too, so waiting readers see every position go by).
 */
export async function applyLiveBatch(
  db: Knex,
  target: LiveTarget,
  events: readonly RecordedEvent[],
  parked: ReadonlySet<string>,
): Promise<string> {
  const { projection } = target;
  const last = events[events.length - 1].position;
  const selected = eventsFor(projection, events, parked);
  await db.transaction(async (tx) => {
    const checkpoint = await lockCheckpoint(tx, projection.name);
    if (checkpoint.generation !== target.generation) {
      throw new GenerationChangedError(projection.name, target.generation, checkpoint.generation);
    }
    if (checkpoint.position !== target.expected) {
      throw new CheckpointConflictError(
        projection.name,
        `expected ${target.expected ?? 'none'} but found ${checkpoint.position ?? 'none'}: another runner is ahead`,
      );
    }
    if (checkpoint.fence > target.fence) {
      throw new CheckpointConflictError(
        projection.name,
        `fence ${target.fence} was superseded by ${checkpoint.fence}`,
      );
    }
    await applyToGeneration(tx, projection, target.generation, selected, 'live');
    await advanceCheckpoint(tx, projection.name, last, target.fence);
  });
  return last;
}

/**
 * The events of a batch a projection applies: of its types and parked by nobody, upcast (events
 * already upcast for several projections are taken as they are).
 */
export function eventsFor(
  projection: Projection,
  events: readonly (RecordedEvent | ProjectedEvent)[],
  parked: ReadonlySet<string>,
): ProjectedEvent[] {
  const handled = new Set<string>(projection.eventTypes);
  const selected: ProjectedEvent[] = [];
  for (const item of events) {
    const type = 'recorded' in item ? item.recorded.type : item.type;
    if (!handled.has(type) || parked.has(item.eventId)) continue;
    selected.push('recorded' in item ? item : toProjected(item));
  }
  return selected;
}

/**
 * Applies a projection's events (`eventsFor`) to one generation's tables; `retained`, during a
 * rebuild's replay, keeps its rows in memory from one transaction to the next.
 */
export async function applyToGeneration(
  tx: Knex.Transaction,
  projection: Projection,
  generation: number,
  events: readonly ProjectedEvent[],
  mode: 'live' | 'rebuild',
  retained?: RetainedRows,
): Promise<void> {
  if (events.length === 0) return;
  const table = tableNamer(projection, generation);
  await projection.apply(events, {
    db: tx,
    table,
    mode,
    rows: (name, keyColumns) =>
      retained
        ? retained.batch(tx, table(name), keyColumns)
        : new RowBatch(tx, table(name), keyColumns),
  });
}

/** The projection's view of a stored event: upcast once, however many projections read it. */
export function toProjected(recorded: RecordedEvent): ProjectedEvent {
  return {
    event: toDomainEvent(recorded),
    eventId: recorded.eventId,
    streamName: recorded.streamName,
    position: recorded.position,
    occurredAt: recorded.metadata.occurredAt,
    recorded,
  };
}
