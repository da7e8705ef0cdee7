import { pino } from 'pino';
import { openMemoryCoordination } from '../../platform/coordination';
import { type Coordination } from '../../platform/coordination/ports';
import { comparePositions } from '../../platform/event-store/position-codec';
import { type Checkpoint, readCheckpoint } from '../runtime/checkpoints';
import { type Projection } from '../runtime/projection';
import { type ProjectionMetrics } from '../runtime/projection-metrics';
import { type RunnerSettings } from '../runtime/projection-runner';
import { type ProjectionWorker, startProjectionWorker } from '../runtime/projection-worker';
import { renameEvent, toyProjection } from '../runtime/toy-projection.testing';
import { createProjectionFixture, type ProjectionFixture } from './projection-fixture.testing';

/** Silent unless TEST_LOG_LEVEL is set. */
export const testLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Runner settings that retry, hand over and notice a lost lease within a fraction of a second. */
export const FAST_RUNNER = {
  retryInitialMs: 10,
  retryMaxMs: 50,
  leaseRetryMs: 20,
  leaseTtlMs: 300,
};

/** The event the toy projection counts. */
export const rename = renameEvent;

/** Polls `probe` until it answers something; throws after `timeoutMs` (a deadline, not a check). */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export type ToyRuntime = Readonly<{
  /** This test's database and event store (fresh for each test). */
  fixture(): ProjectionFixture;
  coordination(): Coordination;
  /** A projection worker running `projection` (the toy one by default), stopped after the test. */
  start(options?: {
    coordination?: Coordination;
    ownerId?: string;
    projection?: Projection;
    metrics?: ProjectionMetrics;
    settings?: Partial<RunnerSettings>;
  }): Promise<ProjectionWorker>;
  /** Waits until the live checkpoint is at `position` or past it. */
  caughtUpTo(position: string): Promise<Checkpoint>;
  /**
   * Applies the stored events through the live path, without a worker, until the checkpoint is
   * at `position`: another test's open transaction can hold events back for a while
   * (`pg_snapshot_xmin` is cluster-wide), so one pass may stop short.
   */
  appliedUpTo(position: string): Promise<Checkpoint>;
  /** How many renames of the user the live toy tables counted. */
  renamesOf(userId: string): Promise<number>;
}>;

/** A fresh database with the toy projection for each test of the enclosing `describe`. */
export function useToyRuntime(): ToyRuntime {
  let fixture: ProjectionFixture;
  let coordination: Coordination;
  const workers: ProjectionWorker[] = [];
  beforeEach(async () => {
    fixture = await createProjectionFixture([toyProjection()]);
    coordination = openMemoryCoordination();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await coordination.close();
    await fixture.close();
  });
  const reachedBy = async (position: string) => {
    const checkpoint = await readCheckpoint(fixture.db, 'toy');
    const reached = checkpoint?.position && comparePositions(checkpoint.position, position) >= 0;
    return reached ? checkpoint : undefined;
  };
  return {
    fixture: () => fixture,
    coordination: () => coordination,
    async start(options = {}) {
      const worker = await startProjectionWorker({
        db: fixture.db,
        store: fixture.store,
        coordination: options.coordination ?? coordination,
        logger: testLogger,
        projections: [options.projection ?? toyProjection()],
        ownerId: options.ownerId,
        metrics: options.metrics,
        settings: { ...FAST_RUNNER, ...options.settings },
      });
      workers.push(worker);
      return worker;
    },
    caughtUpTo: (position) => until(() => reachedBy(position)),
    appliedUpTo: (position) =>
      until(async () => {
        await fixture.catchUp();
        return reachedBy(position);
      }),
    async renamesOf(userId) {
      const row = (await fixture.db('toy_counts').where({ user_id: userId }).first()) as
        { renames: number } | undefined;
      return row?.renames ?? 0;
    },
  };
}
