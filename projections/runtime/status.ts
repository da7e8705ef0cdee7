import { type Knex } from 'knex';
import { type EventStore } from '../../platform/event-store/port';
import { readCheckpoints } from './checkpoints';
import { countParked } from './dead-letters';
import { currentRefusals } from './refusals';

export type ProjectionState = Readonly<{
  name: string;
  version: number;
  /** new | running | failing | stopped, or rebuilding while a rebuild fills fresh tables. */
  status: string;
  position: string | null;
  headPosition: string;
  /** Events stored after the checkpoint. */
  lag: number;
  lastError: string | null;
  /** The event the projection is failing on: what `projections park` takes. */
  failingEventId: string | null;
  parkedEvents: number;
  rebuild: Readonly<{ position: string | null; startedAt: string | null }> | null;
  /** Workers whose code is older than the stored tables: they refuse to run this projection. */
  refusedBy: Readonly<{ ownerId: string; codeVersion: number; seenAt: string }>[];
  updatedAt: string;
}>;

/** What `shopstream projections list` prints and `GET /projections` answers. */
export async function projectionStates(db: Knex, store: EventStore): Promise<ProjectionState[]> {
  const [checkpoints, parked, refusals, headPosition] = await Promise.all([
    readCheckpoints(db),
    countParked(db),
    currentRefusals(db),
    store.headPosition(),
  ]);
  return Promise.all(
    checkpoints.map(async (checkpoint) => ({
      name: checkpoint.name,
      version: checkpoint.version,
      status: checkpoint.rebuildGeneration !== null ? 'rebuilding' : checkpoint.status,
      position: checkpoint.position,
      headPosition,
      lag: await store.countEventsAfter(checkpoint.position ?? undefined),
      lastError: checkpoint.lastError,
      failingEventId: checkpoint.failingEventId,
      parkedEvents: parked.get(checkpoint.name) ?? 0,
      rebuild:
        checkpoint.rebuildGeneration !== null
          ? {
              position: checkpoint.rebuildPosition,
              startedAt: checkpoint.rebuildStartedAt?.toISOString() ?? null,
            }
          : null,
      refusedBy: (refusals.get(checkpoint.name) ?? []).map((refusal) => ({
        ownerId: refusal.ownerId,
        codeVersion: refusal.codeVersion,
        seenAt: refusal.seenAt.toISOString(),
      })),
      updatedAt: checkpoint.updatedAt.toISOString(),
    })),
  );
}
