import { type Knex } from 'knex';
import { type Logger } from 'pino';
import { type IntegrationBus } from '../platform/bus/port';
import { type LeaseManager } from '../platform/coordination/ports';
import { type EventStore } from '../platform/event-store/port';
import { backoffMs, sleep } from '../platform/retry/backoff';
import { DEFAULT_LEASE_TTL_MS, type HeldLease, holdLease } from '../platform/workers/hold-lease';
import { inBatches } from '../platform/workers/in-batches';
import { IDLE, nextOrIdle, PacedCheckpoint } from './paced-checkpoint';
import { publishBatch } from './publish-batch';
import { beginRun, RELAY_NAME, recordRelayError, RelayFencedOffError } from './relay-checkpoint';
import { type RelayMetrics } from './relay-metrics';
import { RelayTopics } from './relay-topics';

export type RelaySettings = Readonly<{
  /** Events per publish, at most (fewer when fewer are ready: no waiting to fill a batch). */
  batchSize: number;
  /** The checkpoint is written at most this often while busy, and after this long idle. */
  checkpointEveryMs: number;
  leaseTtlMs: number;
  /** How often a relay without the lease asks for it again. */
  leaseRetryMs: number;
  /** Backoff between attempts at a failing publish: doubles from the first up to the max. */
  retryInitialMs: number;
  retryMaxMs: number;
}>;

export const DEFAULT_RELAY_SETTINGS: RelaySettings = {
  batchSize: 500,
  checkpointEveryMs: 500,
  leaseTtlMs: DEFAULT_LEASE_TTL_MS,
  leaseRetryMs: 2_000,
  retryInitialMs: 200,
  retryMaxMs: 10_000,
};

export type RelayDependencies = Readonly<{
  db: Knex;
  store: EventStore;
  bus: IntegrationBus;
  leases: LeaseManager;
  ownerId: string;
  logger: Logger;
  topicPrefix: string;
  metrics?: RelayMetrics;
  settings?: Partial<RelaySettings>;
}>;

/**
 * Publishes `$all` to the integration bus: holds the `relay` lease, subscribes from the
 * checkpoint, and publishes what arrives in batches (publish-batch.ts). A batch the bus or the
 * database refuses is retried with backoff, its error recorded as `last_error`; nothing is ever
 * skipped. Relays without the lease stand by. Runs until `stop()`.
 */
export class RelayRunner {
  private readonly settings: RelaySettings;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private done: Promise<void> | undefined;

  constructor(private readonly deps: RelayDependencies) {
    this.settings = { ...DEFAULT_RELAY_SETTINGS, ...deps.settings };
    this.log = deps.logger.child({ worker: 'relay' });
  }

  start(): void {
    this.done ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.done;
  }

  private async loop(): Promise<void> {
    const { leases, ownerId } = this.deps;
    let failures = 0;
    while (!this.stopping.signal.aborted) {
      let lease: HeldLease | null = null;
      try {
        lease = await holdLease(leases, RELAY_NAME, ownerId, this.settings.leaseTtlMs);
        if (!lease) {
          await sleep(this.settings.leaseRetryMs, this.stopping.signal);
          continue;
        }
        await this.runWithLease(lease);
        failures = 0;
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        failures++;
        this.deps.metrics?.failure();
        const fenced = error instanceof RelayFencedOffError;
        this.log.error(
          { err: error },
          fenced
            ? 'run ended: another relay run took over'
            : 'run ended; starting again from the checkpoint',
        );
        if (!fenced) await this.recordError(error);
        await sleep(backoffMs(failures, this.settings), this.stopping.signal);
      } finally {
        await lease?.release();
      }
    }
  }

  private async runWithLease(lease: HeldLease): Promise<void> {
    const { db, store, bus, topicPrefix } = this.deps;
    const ended = AbortSignal.any([lease.lost, this.stopping.signal]);
    const run = await beginRun(db);
    const target = { name: run.name, expected: run.position, fence: run.fence };
    const checkpoint = new PacedCheckpoint(db, target, this.settings.checkpointEveryMs);
    const writeCheckpoint = () =>
      this.retrying('write the checkpoint', () => checkpoint.write(), ended);
    const topics = new RelayTopics(bus, topicPrefix);
    await this.retrying('create the topics', () => topics.ensure([]), ended);
    this.log.info({ position: run.position, fence: run.fence.toString() }, 'relay publishing');

    const subscription = store.subscribeToAll({
      fromPosition: run.position ?? undefined,
      batchSize: this.settings.batchSize,
      onRetry: (error, attempt) =>
        this.log.warn({ err: error, attempt }, 'event store connection lost; reconnecting'),
    });
    // A stop or a lost lease ends the subscription, which ends the loop below.
    const end = () => void subscription.stop();
    ended.addEventListener('abort', end);
    if (ended.aborted) end();
    const batches = inBatches(subscription, this.settings.batchSize)[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = batches.next();
        // Left pending when a checkpoint write fails while idle: its end must not go unhandled.
        next.catch(() => undefined);
        const dueInMs = checkpoint.dueInMs();
        let result = dueInMs === undefined ? await next : await nextOrIdle(next, dueInMs);
        if (result === IDLE) {
          await writeCheckpoint();
          result = await next;
        }
        if (result.done || ended.aborted) break;
        const batch = result.value;
        const started = performance.now();
        const position = await this.retrying(
          `publish ${batch.length} events`,
          () => publishBatch({ bus, topics, topicPrefix }, batch),
          ended,
        );
        this.deps.metrics?.published(batch.length, (performance.now() - started) / 1000);
        if (checkpoint.published(position)) await writeCheckpoint();
      }
      if (lease.lost.aborted && !this.stopping.signal.aborted) {
        throw new Error(`lost the lease: ${String(lease.lost.reason)}`);
      }
      // Stopping: keep what was published, so the next run does not publish it again.
      await checkpoint.write().catch((error: unknown) => {
        this.log.warn({ err: error }, 'could not write the checkpoint while stopping');
      });
    } finally {
      ended.removeEventListener('abort', end);
      // Stopped first: a read still pending (left by a failed idle write) then ends at once.
      await subscription.stop();
      await batches.return?.(undefined);
    }
  }

  /**
   * Tries `work` until it succeeds, backing off and recording each failure; gives up only when
   * the run ends (stop, lost lease) or another run fenced this one off.
   */
  private async retrying<T>(what: string, work: () => Promise<T>, ended: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (error instanceof RelayFencedOffError) throw error;
        this.deps.metrics?.failure();
        this.log.error({ err: error, attempt }, `relay could not ${what}; retrying`);
        await this.recordError(error);
        await sleep(backoffMs(attempt, this.settings), ended);
        if (ended.aborted) throw new Error(`relay run ended while retrying to ${what}`);
      }
    }
  }

  private async recordError(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await recordRelayError(this.deps.db, RELAY_NAME, message).catch((recordError: unknown) => {
      this.log.warn({ err: recordError }, 'could not record the relay error');
    });
  }
}
