import { sleep } from '../support/measure';
import { type JsonClient } from './http-client';
import { type SweepSettings } from './config';
import { now, type OrderRecord } from './order-record';

type Status = 'confirmed' | 'rejected';
type Page = { items?: { orderId: string; createdAt: string }[]; nextCursor?: string | null };

/**
 * Sees orders become confirmed on the read API at a cost that does not grow with the number of
 * orders in flight: as the admin, GET /orders?status=confirmed pages newest first (an index
 * range per page) until it passes the oldest pending order's send time (an order's createdAt is
 * the write API's clock as it handled the request, so never before the client sent it). One
 * request covers every pending order of the last second or so; per-order polling would send one
 * per order per interval. `resolve` is called with the answer's arrival time.
 */
export class ConfirmationSweep {
  readonly rttMs: number[] = [];
  requests = 0;
  errors = 0;
  /** Why sweeping stopped for good (the admin token refused), if it did. */
  fatal: string | undefined;
  private readonly pending = new Map<string, OrderRecord>();
  private readonly lastStart: Record<Status, number> = { confirmed: 0, rejected: 0 };
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly read: JsonClient,
    private readonly adminToken: () => string,
    private readonly settings: SweepSettings,
    private readonly resolve: (
      record: OrderRecord,
      status: Status,
      seenAt: number,
      resolutionMs: number,
    ) => void,
  ) {}

  add(record: OrderRecord): void {
    this.pending.set(record.orderId!, record);
    this.loop ??= this.run().catch((error: unknown) => {
      this.fatal = error instanceof Error ? error.message : String(error);
    });
  }

  remove(record: OrderRecord): void {
    if (record.orderId) this.pending.delete(record.orderId);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      if (this.pending.size === 0) {
        await sleep(1);
        continue;
      }
      const began = now();
      await this.sweep('confirmed');
      if (began - this.lastStart.rejected >= this.settings.rejectedEveryMs) {
        await this.sweep('rejected');
      }
      await sleep(Math.max(0, this.settings.intervalMs - (now() - began)));
    }
  }

  private async sweep(status: Status): Promise<void> {
    const started = now();
    let floor = Infinity;
    for (const record of this.pending.values()) floor = Math.min(floor, record.sentAt);
    // createdAt has whole milliseconds; a few more keep the comparison on the safe side.
    floor -= 5;
    const limit = Math.max(20, Math.min(100, this.pending.size * 2));
    let cursor: string | null | undefined;
    do {
      const query = `status=${status}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const asked = now();
      const response = await this.read
        .send('GET', `/api/v1/orders?${query}`, { token: this.adminToken() })
        .catch(() => null);
      const answered = now();
      this.requests++;
      this.rttMs.push(answered - asked);
      if (!response || response.status !== 200) {
        this.errors++;
        if (response?.status === 401) throw new Error('the read API refused the admin token (401)');
        break;
      }
      const page = response.body as Page;
      for (const item of page.items ?? []) {
        const record = this.pending.get(item.orderId);
        if (!record) continue;
        this.pending.delete(item.orderId);
        const since = Math.max(this.lastStart[status], record.respondedAt!);
        this.resolve(record, status, answered, answered - since);
      }
      const last = page.items?.at(-1);
      cursor = last && Date.parse(last.createdAt) >= floor ? page.nextCursor : null;
    } while (cursor && !this.stopped);
    this.lastStart[status] = started;
  }
}
