import { type InventoryEvent } from '../../domain/inventory';
import { type ProductEvent } from '../../domain/product';
import { assertNever } from '../../domain/shared/decider';
import { type ApplyContext, type ProjectedEvent } from '../runtime/projection';
import { addCounters } from '../runtime/row-batch';
import { isoTime as iso, laterTime } from '../shared/iso-time';
import { type CatalogTable, type ProductRow } from './tables';

/**
 * The events that change what the catalog shows. Of the inventory events only those that move
 * available stock (on hand - reserved): shipping reserved stock lowers both and leaves it as it
 * is, and thresholds or failed reservations are not the catalog's business.
 */
export const catalogEventTypes = [
  'ProductCreated',
  'ProductDetailsUpdated',
  'ProductPriceChanged',
  'ProductDiscontinued',
  'InventoryInitialised',
  'StockReceived',
  'StockAdjusted',
  'StockReserved',
  'ReservationReleased',
] as const satisfies readonly (ProductEvent | InventoryEvent)['type'][];

type CatalogEvent = Extract<
  ProductEvent | InventoryEvent,
  { type: (typeof catalogEventTypes)[number] }
>;

/**
 * Applies a batch with one select of the products it touches, one upsert of the changed rows and
 * one additive upsert of the category counts. The counts are derived from each product's state
 * before and after the batch, not from the events, so they come out the same however the events
 * are split into batches.
 */
export async function applyCatalogEvents(
  events: readonly ProjectedEvent[],
  context: ApplyContext<CatalogTable>,
): Promise<void> {
  const catalogEvents = events
    .map(({ event }) => event)
    .filter((event): event is CatalogEvent => isCatalogEvent(event));
  if (catalogEvents.length === 0) return;

  const products = context.rows<ProductRow>('catalog_products', ['product_id']);
  const ids = [...new Set(catalogEvents.map((event) => event.data.productId))];
  await products.load(ids.map((id) => [id]));
  const countedBefore = new Map(ids.map((id) => [id, countedIn(products.get(id))]));

  for (const event of catalogEvents) {
    const stored = products.get(event.data.productId);
    const next = evolveRow(stored && storable(stored), event);
    if (next) products.set(next);
  }
  await products.flush();

  const deltas = new Map<string, number>();
  const add = (category: string | undefined, delta: number) => {
    if (category !== undefined) deltas.set(category, (deltas.get(category) ?? 0) + delta);
  };
  for (const id of ids) {
    add(countedBefore.get(id), -1);
    add(countedIn(products.get(id)), +1);
  }
  const changed = [...deltas].filter(([, delta]) => delta !== 0);
  if (changed.length === 0) return;
  const table = context.table('catalog_categories');
  await addCounters(
    context.db,
    table,
    ['category'],
    ['product_count'],
    changed.map(([category, delta]) => ({ category, product_count: delta })),
  );
  await context
    .db(table)
    .whereIn(
      'category',
      changed.map(([category]) => category),
    )
    .andWhere('product_count', '<=', 0)
    .delete();
}

/**
 * The row after one event; undefined when the event changes nothing. A stock event for a product
 * the catalog does not know is skipped: its stock record is opened in reaction to ProductCreated,
 * so in commit order the product is always there first.
 */
function evolveRow(row: ProductRow | undefined, event: CatalogEvent): ProductRow | undefined {
  if (event.type === 'ProductCreated') {
    const { productId, sku, name, description, category, priceCents, initialStock, createdAt } =
      event.data;
    const at = iso(createdAt);
    return {
      product_id: productId,
      sku,
      name,
      description,
      category,
      price_cents: priceCents,
      // The opening stock, so a read at the creation's position shows it; the stock record,
      // opened moments later by a process manager, starts from the same number.
      available: initialStock,
      status: 'active',
      created_at: at,
      updated_at: at,
    };
  }
  if (!row) return undefined;
  const touched = (at: string, change: Partial<ProductRow>): ProductRow => ({
    ...row,
    ...change,
    updated_at: laterTime(row.updated_at, iso(at)),
  });

  switch (event.type) {
    case 'ProductDetailsUpdated': {
      const { name, description, category, updatedAt } = event.data;
      return touched(updatedAt, {
        name: name ?? row.name,
        description: description ?? row.description,
        category: category ?? row.category,
      });
    }
    case 'ProductPriceChanged':
      return touched(event.data.changedAt, { price_cents: event.data.priceCents });
    case 'ProductDiscontinued':
      return touched(event.data.discontinuedAt, { status: 'discontinued' });
    case 'InventoryInitialised':
      return touched(event.data.initialisedAt, { available: event.data.initialStock });
    case 'StockReceived':
      return touched(event.data.receivedAt, { available: row.available + event.data.quantity });
    case 'StockAdjusted':
      return touched(event.data.adjustedAt, { available: row.available + event.data.delta });
    case 'StockReserved':
      return touched(event.data.reservedAt, { available: row.available - event.data.quantity });
    case 'ReservationReleased':
      return touched(event.data.releasedAt, { available: row.available + event.data.quantity });
    default:
      return assertNever(event);
  }
}

/** The category a product counts in: its own while active, none once discontinued. */
function countedIn(row: ProductRow | undefined): string | undefined {
  return row?.status === 'active' ? row.category : undefined;
}

/**
 * A loaded row carries the generated columns and Date values; written back it must hold only
 * the stored columns, with times in one format, so a row rewritten in a later batch is identical
 * to one written in a single batch.
 */
function storable(row: ProductRow): ProductRow {
  return {
    product_id: row.product_id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    price_cents: row.price_cents,
    available: row.available,
    status: row.status,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

function isCatalogEvent(event: ProjectedEvent['event']): event is CatalogEvent {
  return (catalogEventTypes as readonly string[]).includes(event.type);
}
