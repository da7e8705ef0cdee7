import { type Knex } from 'knex';
import { toDomainEvent } from '../../platform/commands/domain-events';
import { type RecordedEvent } from '../../platform/event-store/port';
import { advanceCheckpoint, lockCheckpoint } from './checkpoints';
import { type ProjectedEvent, type Projection } from './projection';
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
  /** The runner's lease token; a checkpoint written under a higher one means we were fenced off. */
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
        `lease token ${target.fence} was superseded by ${checkpoint.fence}`,
      );
    }
    await applyToGeneration(tx, projection, target.generation, events, parked, 'live');
    await advanceCheckpoint(tx, projection.name, last, target.fence);
  });
  return last;
}

/** Applies the events the projection handles (and nobody parked) to one generation's tables. */
export async function applyToGeneration(
  tx: Knex.Transaction,
  projection: Projection,
  generation: number,
  events: readonly RecordedEvent[] | readonly ProjectedEvent[],
  parked: ReadonlySet<string>,
  mode: 'live' | 'rebuild',
): Promise<number> {
  const handled = new Set<string>(projection.eventTypes);
  const selected: ProjectedEvent[] = [];
  for (const item of events) {
    const type = 'recorded' in item ? item.recorded.type : item.type;
    if (!handled.has(type) || parked.has(item.eventId)) continue;
    selected.push('recorded' in item ? item : toProjected(item));
  }
  if (selected.length > 0) {
    await projection.apply(selected, { db: tx, table: tableNamer(projection, generation), mode });
  }
  return selected.length;
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
