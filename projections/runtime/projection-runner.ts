import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type LeaseManager } from '../../platform/coordination/ports';
import {
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '../../platform/event-store/port';
import {
  applyLiveBatch,
  CheckpointConflictError,
  GenerationChangedError,
  type LiveTarget,
} from './apply-batch';
import { inBatches } from '../../platform/workers/in-batches';
import { claimRun, ensureProjection, recordFailure, setStatus } from './checkpoints';
import { parkedEventIds } from './dead-letters';
import { DEFAULT_LEASE_TTL_MS, type HeldLease, holdLease } from '../../platform/workers/hold-lease';
import { type ProjectionMetrics } from './projection-metrics';
import { type Projection } from './projection';
import { type VersionCheck, VersionUpgrade } from './version-upgrade';
import { backoffMs, sleep } from '../../platform/retry/backoff';

export type RunnerSettings = Readonly<{
  batchSize: number;
  leaseTtlMs: number;
  /** How often a worker without the lease asks for it again. */
  leaseRetryMs: number;
  /** Backoff between attempts at an event that fails: doubles from the first up to the max. */
  retryInitialMs: number;
  retryMaxMs: number;
}>;

export const DEFAULT_RUNNER_SETTINGS: RunnerSettings = {
  batchSize: 500,
  leaseTtlMs: DEFAULT_LEASE_TTL_MS,
  leaseRetryMs: 2_000,
  retryInitialMs: 200,
  retryMaxMs: 10_000,
};

export type RunnerDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  leases: LeaseManager;
  ownerId: string;
  logger: Logger;
  metrics?: ProjectionMetrics;
  /** Announces a checkpoint advance (read-your-writes); failures are logged, never fatal. */
  announce?: (projection: string, position: string) => Promise<void>;
  settings?: Partial<RunnerSettings>;
}>;

/**
 * Keeps one projection's live tables following `$all`: holds the projection's lease, subscribes
 * from its checkpoint, and applies what arrives in batches (apply-batch.ts). An event whose apply
 * throws is retried with backoff and recorded as the projection's `lastError`; it is never
 * skipped unless an operator parks it. Runs until `stop()`.
 */
export class ProjectionRunner {
  private readonly settings: RunnerSettings;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly version: VersionUpgrade;
  private subscription: Subscription | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly projection: Projection,
    private readonly deps: RunnerDependencies,
  ) {
    this.settings = { ...DEFAULT_RUNNER_SETTINGS, ...deps.settings };
    this.log = deps.logger.child({ projection: projection.name });
    this.version = new VersionUpgrade(projection, {
      ...deps,
      log: this.log,
      signal: this.stopping.signal,
      retry: this.settings,
      onSwapped: (name, position) => (position ? this.announce(name, position) : undefined),
    });
  }

  start(): void {
    this.done ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.subscription?.stop();
    await this.done;
  }

  private async loop(): Promise<void> {
    const { leases, ownerId } = this.deps;
    const leaseName = `projection:${this.projection.name}`;
    let failures = 0;
    let versionCheck: VersionCheck = 'run';
    while (!this.stopping.signal.aborted) {
      let lease: HeldLease | null = null;
      try {
        // Only code of the stored tables' version runs them; see version-upgrade.ts.
        versionCheck = await this.version.check();
        if (versionCheck !== 'run') {
          await sleep(this.settings.leaseRetryMs, this.stopping.signal);
          continue;
        }
        lease = await holdLease(leases, leaseName, ownerId, this.settings.leaseTtlMs);
        if (!lease) {
          await sleep(this.settings.leaseRetryMs, this.stopping.signal);
          continue;
        }
        await this.runWithLease(lease);
        failures = 0;
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        if (error instanceof GenerationChangedError) {
          this.log.info(error.message);
          continue;
        }
        failures++;
        if (error instanceof CheckpointConflictError) {
          this.deps.metrics?.conflict(this.projection.name);
          this.log.error({ err: error }, 'run ended: another runner advanced the checkpoint');
        } else {
          this.log.error({ err: error }, 'run ended; starting again from the checkpoint');
        }
        await sleep(backoffMs(failures, this.settings), this.stopping.signal);
      } finally {
        await lease?.release();
      }
    }
    await this.version.stop();
    // Tables of another version are not this runner's to mark.
    if (versionCheck !== 'run') return;
    await setStatus(this.deps.db, this.projection.name, 'stopped').catch(() => undefined);
  }

  private async runWithLease(lease: HeldLease): Promise<void> {
    const { db, store } = this.deps;
    const stored = await ensureProjection(db, this.projection);
    // A swap to another version may have come between the check and the lease.
    if (stored.version !== this.projection.version) return;
    // Read again with the run's fence in place: from here on no earlier run can move it.
    const checkpoint = await claimRun(db, this.projection.name, lease.token);
    let target: LiveTarget = {
      projection: this.projection,
      generation: checkpoint.generation,
      expected: checkpoint.position,
      fence: checkpoint.fence,
    };
    let parked = await parkedEventIds(db, this.projection.name);
    const subscription = store.subscribeToAll({
      fromPosition: checkpoint.position ?? undefined,
      batchSize: this.settings.batchSize,
      onRetry: (error, attempt) =>
        this.log.warn({ err: error, attempt }, 'event store connection lost; reconnecting'),
    });
    this.subscription = subscription;
    // A stop or a lost lease ends the subscription, which ends the loop below; also when it came
    // before the subscription existed (stop() right after start, or during a swap).
    const end = () => void subscription.stop();
    lease.lost.addEventListener('abort', end);
    this.stopping.signal.addEventListener('abort', end);
    if (lease.lost.aborted || this.stopping.signal.aborted) end();
    try {
      for await (const batch of inBatches(subscription, this.settings.batchSize)) {
        if (lease.lost.aborted || this.stopping.signal.aborted) break;
        const applied = await this.applyWithRetry(target, batch, parked, lease.lost);
        target = { ...target, expected: applied.position };
        parked = applied.parked;
        await this.announce(this.projection.name, applied.position);
      }
      if (lease.lost.aborted && !this.stopping.signal.aborted) {
        throw new Error(`lost the lease: ${String(lease.lost.reason)}`);
      }
    } finally {
      lease.lost.removeEventListener('abort', end);
      this.stopping.signal.removeEventListener('abort', end);
      await subscription.stop();
    }
  }

  /**
   * The batch in one transaction; if it throws, event by event, so the events before the bad one
   * are kept and the bad one is identified. That one is retried with backoff (its error recorded)
   * until it applies, an operator parks it, or the run stops.
   */
  private async applyWithRetry(
    target: LiveTarget,
    batch: readonly RecordedEvent[],
    parked: Set<string>,
    lost: AbortSignal,
  ): Promise<{ position: string; parked: Set<string> }> {
    const { db, metrics } = this.deps;
    const name = this.projection.name;
    const started = performance.now();
    try {
      const position = await applyLiveBatch(db, target, batch, parked);
      metrics?.batchApplied(name, batch.length, (performance.now() - started) / 1000);
      return { position, parked };
    } catch (error) {
      if (isFatalToRun(error)) throw error;
      if (batch.length > 1) {
        this.log.warn({ err: error, events: batch.length }, 'batch failed; applying one by one');
      }
    }
    let expected = target.expected;
    for (const event of batch) {
      for (let attempt = 1; ; attempt++) {
        try {
          const one = performance.now();
          expected = await applyLiveBatch(db, { ...target, expected }, [event], parked);
          metrics?.batchApplied(name, 1, (performance.now() - one) / 1000);
          break;
        } catch (error) {
          if (isFatalToRun(error)) throw error;
          metrics?.failure(name);
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(
            { err: error, eventId: event.eventId, type: event.type, attempt },
            'cannot apply event; retrying (park it with `shopstream projections park`)',
          );
          await recordFailure(db, name, target.generation, {
            eventId: event.eventId,
            position: event.position,
            type: event.type,
            error: message,
          });
          await sleep(
            backoffMs(attempt, this.settings),
            AbortSignal.any([lost, this.stopping.signal]),
          );
          if (lost.aborted || this.stopping.signal.aborted)
            throw new Error('run stopped while retrying');
          parked = await parkedEventIds(db, name);
        }
      }
    }
    return { position: expected as string, parked };
  }

  private async announce(projection: string, position: string): Promise<void> {
    await this.deps.announce?.(projection, position).catch((error: unknown) => {
      this.log.warn({ err: error }, 'could not announce the checkpoint');
    });
  }
}

function isFatalToRun(error: unknown): boolean {
  return error instanceof CheckpointConflictError || error instanceof GenerationChangedError;
}
