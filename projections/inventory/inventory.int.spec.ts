import { CatalogCommands } from '../catalog/catalog-commands.testing';
import {
  type ProjectionFixture,
  createProjectionFixture,
} from '../test-support/projection-fixture.testing';
import { inventoryProjection } from './index';
import { findInventoryItem, listInventory } from './queries';

describe('inventory projection', () => {
  let fixture: ProjectionFixture;
  let commands: CatalogCommands;

  beforeEach(async () => {
    fixture = await createProjectionFixture([inventoryProjection]);
    commands = new CatalogCommands(fixture.store);
  });
  afterEach(() => fixture.close());

  const product = (sku: string, initialStock: number, lowStockThreshold?: number) =>
    commands.createProduct({
      sku,
      name: `Product ${sku}`,
      category: 'Kitchen',
      priceCents: 100,
      initialStock,
      lowStockThreshold,
    });

  /** The item's levels and low-stock state; the rest is checked once below. */
  const levels = async (productId: string) => {
    const item = await findInventoryItem(fixture.db, productId);
    return (
      item && {
        onHand: item.onHand,
        reserved: item.reserved,
        available: item.available,
        lowStockThreshold: item.lowStockThreshold,
        lowStock: item.lowStock,
      }
    );
  };

  it('opens an item with the SKU, the initial stock and the default threshold', async () => {
    const id = await product('mug-1', 80);
    await fixture.catchUp();
    expect(await findInventoryItem(fixture.db, id)).toEqual({
      productId: id,
      sku: 'MUG-1',
      onHand: 80,
      reserved: 0,
      available: 80,
      // SPEC: 10% of the initial stock, at least 5.
      lowStockThreshold: 8,
      lowStock: false,
      updatedAt: '2025-03-01T09:00:02.000Z',
    });
  });

  it('tracks on hand, reserved and available through every movement', async () => {
    const id = await product('MUG', 10);
    await commands.receive(id, 5);
    await commands.adjust(id, -2);
    const shipped = await commands.reserve(id, 4);
    const released = await commands.reserve(id, 3);
    await fixture.catchUp();
    expect(await levels(id)).toMatchObject({ onHand: 13, reserved: 7, available: 6 });

    await commands.release(id, released);
    await commands.ship(id, shipped);
    await fixture.catchUp();
    expect(await levels(id)).toMatchObject({ onHand: 9, reserved: 0, available: 9 });
  });

  it('is low exactly when the domain alerts: available at or below the threshold', async () => {
    const id = await product('LAMP', 20, 5);
    const order = await commands.reserve(id, 15); // available 5 = threshold: low
    await fixture.catchUp();
    expect(await levels(id)).toMatchObject({ available: 5, lowStock: true });
    const stream = await fixture.store.readStream(`inventory-${id}`);
    expect(stream.map((event) => event.type)).toContain('LowStockDetected');

    await commands.release(id, order); // available 20
    await fixture.catchUp();
    expect(await levels(id)).toMatchObject({ available: 20, lowStock: false });

    await commands.setThreshold(id, 20); // raising the threshold makes it low too
    await fixture.catchUp();
    expect(await levels(id)).toMatchObject({ lowStockThreshold: 20, lowStock: true });
  });

  it('lists by SKU, filters on low stock, and pages with keys', async () => {
    const ids = {
      c: await product('C', 100),
      a: await product('A', 2),
      d: await product('D', 0),
      b: await product('B', 50),
    };
    await fixture.catchUp();
    const skus = async (lowStock?: boolean) =>
      (await listInventory(fixture.db, { lowStock, limit: 10 })).items.map((item) => item.sku);
    expect(await skus()).toEqual(['A', 'B', 'C', 'D']);
    expect(await skus(true)).toEqual(['A', 'D']);
    expect(await skus(false)).toEqual(['B', 'C']);

    const first = await listInventory(fixture.db, { limit: 3 });
    expect(first.items.map((item) => item.productId)).toEqual([ids.a, ids.b, ids.c]);
    expect(first.nextKey).toEqual({ sku: 'C', productId: ids.c });
    const second = await listInventory(fixture.db, { limit: 3, after: first.nextKey ?? undefined });
    expect(second.items.map((item) => item.productId)).toEqual([ids.d]);
    expect(second.nextKey).toBeNull();
  });

  it('has no item for a product without a stock record', async () => {
    await fixture.catchUp();
    expect(
      await findInventoryItem(fixture.db, '6f1c7a8e-0d1b-4a55-9a4e-0d5bb0f3b0a1'),
    ).toBeUndefined();
  });

  it('ends with the same table whether events come one per batch or all in one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push(await product(`P${i}`, 10 + i, i % 3 === 0 ? 12 : undefined));
    for (const [i, id] of ids.entries()) {
      const order = await commands.reserve(id, 1 + (i % 4));
      if (i % 2 === 0) await commands.ship(id, order);
      else await commands.release(id, order);
      if (i % 3 === 1) await commands.adjust(id, -3);
      if (i % 4 === 2) await commands.setThreshold(id, 30);
      await commands.reserve(id, 2);
    }

    await fixture.catchUp({ batchSize: 1 });
    const oneByOne = await fixture.checksums(inventoryProjection);
    await fixture.rebuild();
    expect(await fixture.checksums(inventoryProjection)).toEqual(oneByOne);
    expect(oneByOne.inventory_items).toMatch(/^10:/);
  });
});
