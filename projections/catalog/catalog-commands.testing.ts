import { randomUUID } from 'node:crypto';
import {
  type InventoryCommand,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../domain/inventory';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import { handleCommand } from '../../platform/commands/handle-command';
import { type EventStore } from '../../platform/event-store/port';

export type NewProduct = Readonly<{
  sku: string;
  name: string;
  description?: string;
  category: string;
  priceCents: number;
  initialStock?: number;
  lowStockThreshold?: number;
}>;

type ProductChange = Omit<
  Extract<ProductCommand, { type: 'UpdateProductDetails' }>['data'],
  'productId' | 'now'
>;

/**
 * Product and stock commands through the domain deciders and the real command path, as the
 * write API and the saga send them, so the catalog and inventory tests see realistic events.
 * Each command happens one second after the previous one: times are deterministic and distinct
 * (the "newest" sort has something to order by).
 */
export class CatalogCommands {
  private clock: number;

  constructor(
    private readonly store: EventStore,
    start = '2025-03-01T09:00:00.000Z',
  ) {
    this.clock = Date.parse(start);
  }

  /**
   * ProductCreated with its opening stock, then InventoryInitialised with the same numbers: what
   * the write API and then the inventory-opening process manager append.
   */
  async createProduct(product: NewProduct): Promise<string> {
    const productId = randomUUID();
    await this.product({
      type: 'CreateProduct',
      data: { productId, ...product, now: this.tick() },
    });
    await this.inventory({
      type: 'InitialiseInventory',
      data: {
        productId,
        sku: product.sku.toUpperCase(),
        initialStock: product.initialStock ?? 0,
        lowStockThreshold: product.lowStockThreshold,
        now: this.tick(),
      },
    });
    return productId;
  }

  updateDetails(productId: string, change: ProductChange): Promise<void> {
    return this.product({
      type: 'UpdateProductDetails',
      data: { productId, ...change, now: this.tick() },
    });
  }

  changePrice(productId: string, priceCents: number): Promise<void> {
    return this.product({
      type: 'ChangeProductPrice',
      data: { productId, priceCents, now: this.tick() },
    });
  }

  discontinue(productId: string): Promise<void> {
    return this.product({ type: 'DiscontinueProduct', data: { productId, now: this.tick() } });
  }

  receive(productId: string, quantity: number): Promise<void> {
    return this.inventory({
      type: 'ReceiveStock',
      data: { productId, quantity, now: this.tick() },
    });
  }

  adjust(productId: string, delta: number): Promise<void> {
    return this.inventory({
      type: 'AdjustStock',
      data: { productId, delta, reason: 'stock count', now: this.tick() },
    });
  }

  setThreshold(productId: string, threshold: number): Promise<void> {
    return this.inventory({
      type: 'SetLowStockThreshold',
      data: { productId, threshold, now: this.tick() },
    });
  }

  /** What the order saga does for one order line; returns the order id. */
  async reserve(productId: string, quantity: number, orderId = randomUUID()): Promise<string> {
    await this.inventory({
      type: 'ReserveStock',
      data: { productId, orderId, quantity, now: this.tick() },
    });
    return orderId;
  }

  release(productId: string, orderId: string): Promise<void> {
    return this.inventory({
      type: 'ReleaseReservation',
      data: { productId, orderId, reason: 'order cancelled', now: this.tick() },
    });
  }

  ship(productId: string, orderId: string): Promise<void> {
    return this.inventory({
      type: 'ShipReservation',
      data: { productId, orderId, now: this.tick() },
    });
  }

  private async product(command: ProductCommand): Promise<void> {
    const stream = productStream(command.data.productId);
    await handleCommand(this.store, productDecider, stream, command, this.context(command));
  }

  private async inventory(command: InventoryCommand): Promise<void> {
    const stream = inventoryStream(command.data.productId);
    await handleCommand(this.store, inventoryDecider, stream, command, this.context(command));
  }

  private context(command: ProductCommand | InventoryCommand) {
    return { correlationId: randomUUID(), userId: null, now: command.data.now };
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }
}
