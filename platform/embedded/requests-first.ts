import { type PGlite } from '@electric-sql/pglite';
import { isBackgroundWork } from './background-work';

/**
 * After this many turns in a row given to requests while background work waited, the background
 * gets one. One: under a steady load they alternate, so a request waits for at most one
 * background turn, and the workers (orders' sagas, a rebuild's catch-up) keep half the
 * connection and do not fall behind for good; the background's turns grow instead (a
 * projection that waited applies everything that arrived meanwhile in one transaction). Eight
 * served more requests in the benchmark, but a rebuild run while four clients kept placing
 * orders then did not finish within two minutes.
 */
export const REQUEST_TURNS_BEFORE_BACKGROUND = 1;

type Kind = 'request' | 'background';

/**
 * Who uses the embedded database next. PGlite is one connection in this thread: a query of the
 * projections, relay or process managers makes every request behind it wait. And a PGlite query
 * settles without ever returning to the event loop, so a worker sending query after query keeps
 * incoming requests unread until it pauses. Here each query (or transaction) takes a turn:
 * requests first, and before each background turn one pass of the event loop, so a request that
 * arrived meanwhile is read and goes ahead.
 */
export class RequestsFirst {
  private busy = false;
  private requestTurnsInARow = 0;
  private readonly waiting: Record<Kind, (() => void)[]> = { request: [], background: [] };

  constructor(private readonly requestTurnsBeforeBackground = REQUEST_TURNS_BEFORE_BACKGROUND) {}

  /** Runs `work` in its turn: a background one when called from `runAsBackground`. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const kind: Kind = isBackgroundWork() ? 'background' : 'request';
    await new Promise<void>((start) => {
      this.waiting[kind].push(start);
      this.next();
    });
    try {
      return await work();
    } finally {
      this.busy = false;
      this.next();
    }
  }

  private next(): void {
    if (this.busy) return;
    const { request, background } = this.waiting;
    if (request.length > 0 && !this.backgroundIsOwed()) {
      this.start('request');
    } else if (background.length > 0) {
      // Hold the turn through one pass of the event loop, then look again: a request read
      // meanwhile goes first (unless the background is owed its turn).
      this.busy = true;
      setImmediate(() => {
        this.busy = false;
        this.start(request.length > 0 && !this.backgroundIsOwed() ? 'request' : 'background');
      });
    }
  }

  private backgroundIsOwed(): boolean {
    return (
      this.waiting.background.length > 0 &&
      this.requestTurnsInARow >= this.requestTurnsBeforeBackground
    );
  }

  private start(kind: Kind): void {
    this.busy = true;
    // Counted only while background work waits: a quiet background is owed nothing.
    const counting = kind === 'request' && this.waiting.background.length > 0;
    this.requestTurnsInARow = counting ? this.requestTurnsInARow + 1 : 0;
    this.waiting[kind].shift()!();
  }
}

/**
 * Makes every query, exec and transaction of `pglite` wait for its turn (one turn per
 * transaction: statements inside it run on the transaction's own handle, untouched).
 */
export function servingRequestsFirst(pglite: PGlite, turns = new RequestsFirst()): PGlite {
  const query = pglite.query.bind(pglite);
  const exec = pglite.exec.bind(pglite);
  const transaction = pglite.transaction.bind(pglite);
  return Object.assign(pglite, {
    query: ((...args: Parameters<typeof query>) =>
      turns.run(() => query(...args))) as PGlite['query'],
    exec: (...args: Parameters<typeof exec>) => turns.run(() => exec(...args)),
    transaction: ((...args: Parameters<typeof transaction>) =>
      turns.run(() => transaction(...args))) as PGlite['transaction'],
  });
}
