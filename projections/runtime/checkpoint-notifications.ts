import { type Knex } from 'knex';
import { type PubSub, type Unsubscribe } from '../../platform/coordination/ports';
import { comparePositions } from '../../platform/event-store/position-codec';
import { readCheckpoints } from './checkpoints';
import { parkedInWrite } from './dead-letters';

/** Where runners announce each checkpoint advance: `{"name":"catalog","position":"…"}`. */
export const CHECKPOINT_CHANNEL = 'projection-checkpoints';

export async function publishCheckpoint(
  pubsub: PubSub,
  name: string,
  position: string,
): Promise<void> {
  await pubsub.publish(CHECKPOINT_CHANNEL, JSON.stringify({ name, position }));
}

type Waiter = {
  names: readonly string[];
  min: string;
  resolve(reached: boolean): void;
};

/**
 * What the read API knows about projection progress, for `X-Min-Position`: the last checkpoint of
 * each projection, kept current by the runners' announcements, with a database poll while anyone
 * waits (announcements are fire-and-forget and can be missed).
 */
export class CheckpointWatch {
  private readonly positions = new Map<string, string | null>();
  private readonly waiters = new Set<Waiter>();
  private poller: NodeJS.Timeout | undefined;
  private unsubscribe: Unsubscribe | undefined;

  private constructor(
    private readonly db: Knex,
    private readonly pollMs: number,
  ) {}

  static async open(db: Knex, pubsub: PubSub, options: { pollMs?: number } = {}) {
    const watch = new CheckpointWatch(db, options.pollMs ?? 250);
    watch.unsubscribe = await pubsub.subscribe(CHECKPOINT_CHANNEL, (message) =>
      watch.onMessage(message),
    );
    await watch.refresh();
    return watch;
  }

  /**
   * True once every named projection has processed `min`; false after `timeoutMs`, and false when
   * one of them parked an event of the write that ended at `min` (its checkpoint went past the
   * event without applying it). No names: nothing to wait for, and nothing promised either.
   */
  async waitFor(names: readonly string[], min: string, timeoutMs: number): Promise<boolean> {
    if (names.length === 0) return false;
    const reached = await this.waitForPosition(names, min, timeoutMs);
    return reached && !(await parkedInWrite(this.db, names, min));
  }

  private async waitForPosition(
    names: readonly string[],
    min: string,
    timeoutMs: number,
  ): Promise<boolean> {
    if (this.reached(names, min)) return true;
    await this.refresh();
    if (this.reached(names, min) || timeoutMs <= 0) return this.reached(names, min);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => settle(false), timeoutMs);
      const waiter: Waiter = { names, min, resolve: (reached) => settle(reached) };
      const settle = (reached: boolean) => {
        clearTimeout(timer);
        if (!this.waiters.delete(waiter)) return;
        if (this.waiters.size === 0) this.stopPolling();
        resolve(reached);
      };
      this.waiters.add(waiter);
      this.startPolling();
    });
  }

  async close(): Promise<void> {
    this.stopPolling();
    for (const waiter of [...this.waiters]) waiter.resolve(false);
    await this.unsubscribe?.();
  }

  private onMessage(message: string): void {
    try {
      const { name, position } = JSON.parse(message) as { name: string; position: string };
      this.advance(name, position);
    } catch {
      // Not ours to judge: a malformed message is ignored; the poll covers for it.
    }
  }

  private advance(name: string, position: string | null): void {
    const known = this.positions.get(name);
    // A rebuild may legitimately move a checkpoint; otherwise positions only grow.
    if (position !== null && known && comparePositions(position, known) < 0) return;
    this.positions.set(name, position);
    for (const waiter of [...this.waiters]) {
      if (this.reached(waiter.names, waiter.min)) waiter.resolve(true);
    }
  }

  private reached(names: readonly string[], min: string): boolean {
    return names.every((name) => {
      const position = this.positions.get(name);
      return position !== undefined && position !== null && comparePositions(position, min) >= 0;
    });
  }

  private async refresh(): Promise<void> {
    for (const checkpoint of await readCheckpoints(this.db)) {
      this.advance(checkpoint.name, checkpoint.position);
    }
  }

  private startPolling(): void {
    this.poller ??= setInterval(() => {
      this.refresh().catch(() => undefined); // the next tick tries again; waiters time out anyway
    }, this.pollMs);
  }

  private stopPolling(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }
}
