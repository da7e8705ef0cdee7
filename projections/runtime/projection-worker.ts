import { randomUUID } from 'node:crypto';
import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type Coordination } from '../../platform/coordination/ports';
import { type EventStore } from '../../platform/event-store/port';
import { ensureProjection } from './checkpoints';
import { publishCheckpoint } from './checkpoint-notifications';
import { type ProjectionMetrics } from './projection-metrics';
import { type Projection } from './projection';
import { ProjectionRunner, type RunnerSettings } from './projection-runner';

export type ProjectionWorkerOptions = Readonly<{
  db: Knex;
  store: EventStore;
  coordination: Coordination;
  logger: Logger;
  projections: readonly Projection[];
  metrics?: ProjectionMetrics;
  /** Unique per worker process; the lease owner. */
  ownerId?: string;
  settings?: Partial<RunnerSettings>;
}>;

export type ProjectionWorker = Readonly<{
  ownerId: string;
  stop(): Promise<void>;
}>;

/**
 * `shopstream projections run`: one runner per projection. Run several workers and each
 * projection is still applied by one of them at a time (its lease); the others stand by and take
 * over from the checkpoint when the owner dies. The read-model schema must be migrated first.
 */
export async function startProjectionWorker(
  options: ProjectionWorkerOptions,
): Promise<ProjectionWorker> {
  const ownerId = options.ownerId ?? `projections-${randomUUID()}`;
  for (const projection of options.projections) await ensureProjection(options.db, projection);
  const runners = options.projections.map(
    (projection) =>
      new ProjectionRunner(projection, {
        db: options.db,
        store: options.store,
        leases: options.coordination.leases,
        ownerId,
        logger: options.logger,
        metrics: options.metrics,
        announce: (name, position) =>
          publishCheckpoint(options.coordination.pubsub, name, position),
        settings: options.settings,
      }),
  );
  for (const runner of runners) runner.start();
  options.logger.info(
    { ownerId, projections: options.projections.map((p) => p.name) },
    'projection worker started',
  );
  return {
    ownerId,
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
}
