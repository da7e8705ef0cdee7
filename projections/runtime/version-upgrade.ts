import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type LeaseManager } from '../../platform/coordination/ports';
import { type EventStore } from '../../platform/event-store/port';
import { backoffMs } from '../../platform/retry/backoff';
import { ensureProjection } from './checkpoints';
import { type Projection } from './projection';
import { RebuildBusyError, rebuildProjections } from './rebuild';
import { clearRefusal, recordRefusal } from './refusals';

/** run: the stored tables are this code's; upgrading: a rebuild to this code's version is on. */
export type VersionCheck = 'run' | 'upgrading' | 'refused';

export type VersionUpgradeDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  leases: LeaseManager;
  ownerId: string;
  log: Logger;
  /** Ends a rebuild in progress (the worker is stopping). */
  signal: AbortSignal;
  retry: Readonly<{ retryInitialMs: number; retryMaxMs: number }>;
  onSwapped(projection: string, position: string | null): Promise<void> | void;
}>;

/**
 * What a runner does when its projection's stored tables were built by another version of its
 * code. Newer code rebuilds in the background, under the rebuild lease, and does not run the
 * projection meanwhile: the old tables keep serving reads, and a worker of the old version (in a
 * rolling deploy) keeps them live, until the swap hands the projection to the new version.
 * Older code refuses to run the projection at all (rebuilding newer tables back to its version
 * would undo the deploy), says so in the log and in `projection_refusals`, and waits.
 */
export class VersionUpgrade {
  private rebuilding: Promise<void> | undefined;
  private failures = 0;
  private retryAt = 0;
  private refused = false;

  constructor(
    private readonly projection: Projection,
    private readonly deps: VersionUpgradeDependencies,
  ) {}

  async check(): Promise<VersionCheck> {
    const { db, ownerId, log } = this.deps;
    const { name, version } = this.projection;
    const stored = await ensureProjection(db, this.projection);
    if (stored.version > version) {
      if (!this.refused) {
        log.error(
          { codeVersion: version, storedVersion: stored.version },
          'refusing to run this projection: its tables were built by newer code; upgrade this worker',
        );
      }
      this.refused = true;
      await recordRefusal(db, {
        projection: name,
        ownerId,
        codeVersion: version,
        storedVersion: stored.version,
      });
      return 'refused';
    }
    if (this.refused) {
      this.refused = false;
      await clearRefusal(db, name, ownerId);
    }
    if (stored.version === version) return 'run';
    this.startRebuild(stored.version);
    return 'upgrading';
  }

  /** Waits for a rebuild in progress to stop (abort `signal` first) and withdraws a refusal. */
  async stop(): Promise<void> {
    await this.rebuilding;
    if (this.refused) {
      await clearRefusal(this.deps.db, this.projection.name, this.deps.ownerId).catch(
        () => undefined,
      );
    }
  }

  private startRebuild(storedVersion: number): void {
    if (this.rebuilding || Date.now() < this.retryAt) return;
    const { db, store, leases, ownerId, log, signal, onSwapped } = this.deps;
    log.info(
      { from: storedVersion, to: this.projection.version },
      'projection code changed version: rebuilding in the background while the old tables keep serving',
    );
    this.rebuilding = rebuildProjections([this.projection], {
      db,
      store,
      leases,
      ownerId,
      signal,
      onSwapped,
    })
      .then(
        () => {
          this.failures = 0;
        },
        (error: unknown) => {
          if (signal.aborted) return;
          if (error instanceof RebuildBusyError) {
            log.info('another worker is rebuilding this projection; waiting for its swap');
            return;
          }
          this.failures++;
          this.retryAt = Date.now() + backoffMs(this.failures, this.deps.retry);
          log.error({ err: error }, 'the rebuild to the new version failed; it will start again');
        },
      )
      .finally(() => {
        this.rebuilding = undefined;
      });
  }
}
