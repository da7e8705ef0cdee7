import { randomUUID } from 'node:crypto';
import { type EventToAppend } from '../../platform/event-store';

const TYPES = ['OrderPlaced', 'OrderLinesChanged', 'OrderPaid', 'OrderShipped'];
const SKUS = Array.from({ length: 500 }, (_, i) => `SKU-${10_000 + i * 17}`);

/**
 * Order-like events: about 270 bytes of data and 200 of metadata as JSON. Ids are unique per
 * factory without a randomUUID() per id, so generating events costs the client little next to
 * the stores' own work.
 */
export class EventFactory {
  private readonly prefix = randomUUID().slice(0, 24);
  private counter = 0;
  private readonly customers = Array.from({ length: 64 }, () => randomUUID());
  private readonly products = Array.from({ length: 256 }, () => randomUUID());
  private readonly timestamps = Array.from({ length: 1_000 }, (_, i) =>
    new Date(Date.UTC(2025, 0, 1) + i * 1_000).toISOString(),
  );

  /** A UUID-shaped id no other factory produces. */
  nextId(): string {
    return this.prefix + (this.counter++).toString(16).padStart(12, '0');
  }

  newStream(): string {
    return `order-${this.nextId()}`;
  }

  events(count: number): EventToAppend[] {
    const events: EventToAppend[] = [];
    for (let i = 0; i < count; i++) events.push(this.event());
    return events;
  }

  private event(): EventToAppend {
    const n = this.counter;
    const quantity = 1 + (n % 3);
    return {
      eventId: this.nextId(),
      type: TYPES[n % TYPES.length],
      data: {
        orderId: this.nextId(),
        customerId: this.customers[n % this.customers.length],
        lines: [
          {
            productId: this.products[(n * 31) % this.products.length],
            sku: SKUS[n % SKUS.length],
            quantity,
            unitPriceCents: 1999,
          },
        ],
        totalCents: quantity * 1999,
        currency: 'EUR',
        channel: 'web',
      },
      metadata: {
        correlationId: this.nextId(),
        causationId: this.nextId(),
        userId: this.customers[(n * 7) % this.customers.length],
        occurredAt: this.timestamps[n % this.timestamps.length],
        schemaVersion: 1,
      },
    };
  }
}
