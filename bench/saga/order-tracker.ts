import { randomInt } from 'node:crypto';
import { type PollSettings } from './config';
import { ConfirmationSweep } from './confirmation-sweep';
import { ControlPoll } from './control-poll';
import { now, type OrderRecord } from './order-record';
import { type Apis, type Shop } from './shop';

/**
 * Places orders and follows each until the read API shows it confirmed or rejected: every order
 * through the sweep (confirmation-sweep.ts), one in `controlEvery` also through GET /orders/{id}
 * (control-poll.ts) to check that both views agree. An order is done when both that follow it
 * have seen it, or lost once it is `orderTimeoutMs` old.
 */
export class OrderTracker {
  readonly sweep: ConfirmationSweep;
  readonly control: ControlPoll;
  private readonly open = new Set<OrderRecord>();
  private placed = 0;
  private readonly expiry: NodeJS.Timeout;

  constructor(
    private readonly apis: Apis,
    private readonly shop: Shop,
    private readonly poll: PollSettings,
    private readonly maxLines: number,
    private readonly orderTimeoutMs: number,
  ) {
    this.sweep = new ConfirmationSweep(
      apis.read,
      () => shop.adminToken,
      poll.sweep,
      (r, s, at, ms) => {
        r.outcome = s;
        r.seenAt = at;
        r.resolutionMs = ms;
        this.settle(r);
      },
    );
    this.control = new ControlPoll(apis.read, shop, poll.control, (r) => this.settle(r));
    this.expiry = setInterval(() => this.expire(), 100);
  }

  /** Places one order now. */
  place(intendedAt: number): OrderRecord {
    const customer = randomInt(this.shop.customers.length);
    const { productIds } = this.shop;
    const lineCount = 1 + randomInt(Math.min(this.maxLines, productIds.length));
    const products = new Set<string>();
    while (products.size < lineCount) products.add(productIds[randomInt(productIds.length)]);
    const record: OrderRecord = {
      intendedAt,
      sentAt: now(),
      customer,
      lines: lineCount,
      outcome: 'placing',
    };
    this.open.add(record);
    const sampled = this.placed++ % this.poll.control.every === 0;
    const { accessToken, addressId } = this.shop.customers[customer];
    const lines = [...products].map((productId) => ({ productId, quantity: 1 + randomInt(3) }));
    this.apis.write
      .send('POST', '/api/v1/orders', {
        token: accessToken,
        body: { lines, shippingAddressId: addressId },
      })
      .then(
        (response) => {
          record.respondedAt = now();
          const orderId = (response.body as { orderId?: string } | null)?.orderId;
          if (response.status !== 202 || !orderId) {
            return this.fail(record, `place-order answered ${response.status}: ${response.text}`);
          }
          record.orderId = orderId;
          if (!this.open.has(record)) return; // given up meanwhile: stays lost
          record.outcome = 'pending';
          this.sweep.add(record);
          if (sampled) this.control.add(record);
        },
        (error: unknown) => this.fail(record, `place-order failed: ${String(error)}`),
      );
    return record;
  }

  /** Orders not done yet (placing, or not seen by everything that follows them). */
  get unresolved(): number {
    return this.open.size;
  }

  /** Stops following whatever is left (those orders count as lost) and stops the sweep. */
  async close(): Promise<void> {
    clearInterval(this.expiry);
    for (const record of this.open) this.lose(record);
    this.open.clear();
    this.control.stop();
    await this.sweep.stop();
  }

  private settle(record: OrderRecord): void {
    const final = record.outcome === 'confirmed' || record.outcome === 'rejected';
    if (final && (!record.control || record.control.seenAt !== undefined)) {
      this.open.delete(record);
    }
  }

  private expire(): void {
    const limit = now() - this.orderTimeoutMs;
    for (const record of this.open) {
      if ((record.respondedAt ?? record.sentAt) < limit) {
        this.lose(record);
        this.open.delete(record);
      }
    }
  }

  private lose(record: OrderRecord): void {
    if (record.outcome === 'placing' || record.outcome === 'pending') record.outcome = 'lost';
    this.sweep.remove(record);
    this.control.remove(record);
  }

  private fail(record: OrderRecord, error: string): void {
    record.outcome = 'failed';
    record.error = error;
    this.open.delete(record);
  }
}
