import { type JsonClient } from './http-client';
import { type ControlSettings } from './config';
import { now, type OrderRecord } from './order-record';
import { type Shop } from './shop';

/**
 * The check on the sweep: a sample of the orders polled the way a customer's client would, GET
 * /orders/{id} with the customer's own token, until the order page shows it confirmed or
 * rejected. Comparing when each saw the same order shows what the sweep's method costs in
 * accuracy; polling every order this way would cost the read API a request per order per
 * interval.
 */
export class ControlPoll {
  readonly rttMs: number[] = [];
  requests = 0;
  errors = 0;
  private readonly timers = new Map<OrderRecord, NodeJS.Timeout | null>();
  private readonly queue: OrderRecord[] = [];
  private inFlight = 0;

  constructor(
    private readonly read: JsonClient,
    private readonly shop: Shop,
    private readonly settings: ControlSettings,
    private readonly seen: (record: OrderRecord) => void,
  ) {}

  add(record: OrderRecord): void {
    record.control = { polls: 0 };
    this.schedule(record, this.settings.minIntervalMs);
  }

  remove(record: OrderRecord): void {
    const timer = this.timers.get(record);
    if (timer) clearTimeout(timer);
    this.timers.delete(record);
  }

  stop(): void {
    for (const record of [...this.timers.keys()]) this.remove(record);
    this.queue.length = 0;
  }

  private schedule(record: OrderRecord, delayMs: number): void {
    this.timers.set(
      record,
      setTimeout(() => {
        if (!this.timers.has(record)) return;
        this.timers.set(record, null);
        this.queue.push(record);
        this.pump();
      }, delayMs),
    );
  }

  private pump(): void {
    while (this.inFlight < this.settings.maxConcurrent && this.queue.length > 0) {
      const record = this.queue.shift()!;
      this.inFlight++;
      void this.check(record).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async check(record: OrderRecord): Promise<void> {
    const asked = now();
    const response = await this.read
      .send('GET', `/api/v1/orders/${record.orderId}`, {
        token: this.shop.customers[record.customer].accessToken,
      })
      .catch(() => null);
    const answered = now();
    this.requests++;
    this.rttMs.push(answered - asked);
    record.control!.polls++;
    if (!this.timers.has(record)) return; // given up meanwhile
    const status = (response?.body as { status?: string } | null)?.status;
    if (response?.status === 200 && (status === 'confirmed' || status === 'rejected')) {
      record.control!.seenAt = answered;
      this.timers.delete(record);
      this.seen(record);
      return;
    }
    // 404: the orders projection has not applied OrderPlaced yet.
    if (response?.status !== 200 && response?.status !== 404) this.errors++;
    const age = answered - record.respondedAt!;
    this.schedule(record, Math.max(this.settings.minIntervalMs, age * this.settings.ageFraction));
  }
}
