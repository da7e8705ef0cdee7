/**
 * Wake-ups for live subscriptions. A subscription that has caught up waits on its WakeSignal
 * until an append is announced (or its fallback poll interval passes); appenders announce through
 * a CoalescingNotifier so that a burst of appends costs a handful of notifications, not one each.
 */

/** One waiter. A wake that arrives while nobody waits is remembered, so none is ever lost. */
export class WakeSignal {
  private pending = false;
  private release: (() => void) | undefined;

  wake(): void {
    const release = this.release;
    if (release) {
      this.release = undefined;
      release();
    } else {
      this.pending = true;
    }
  }

  /** Resolves on the next wake or after `timeoutMs`, whichever comes first. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.release = undefined;
        resolve();
      }, timeoutMs);
      this.release = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** The signals of every live subscription of one store. */
export class WakeHub {
  private readonly signals = new Set<WakeSignal>();

  add(signal: WakeSignal): () => void {
    this.signals.add(signal);
    return () => this.signals.delete(signal);
  }

  get size(): number {
    return this.signals.size;
  }

  wakeAll(): void {
    for (const signal of this.signals) signal.wake();
  }
}

/**
 * Sends at most one notification at a time: pokes that arrive while one is in flight collapse
 * into a single follow-up. Under load that is one NOTIFY per round trip per process instead of
 * one per append, which keeps NOTIFY's commit-time lock out of the append path (docs/EVENT-STORE.md).
 */
export class CoalescingNotifier {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly send: () => Promise<void>) {}

  poke(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  /** Waits for the notification in flight, if any (before closing the connection it uses). */
  async flush(): Promise<void> {
    await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.send();
      } catch {
        // A lost wake-up only delays subscribers until their fallback poll.
      }
    } while (this.again);
  }
}
