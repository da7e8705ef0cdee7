import { type Knex } from 'knex';
import { keysetPage } from '../shared/keyset';

export type InventoryItem = {
  productId: string;
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  lowStockThreshold: number;
  /** available <= lowStockThreshold, the rule of the low-stock alert (domain/inventory/state.ts). */
  lowStock: boolean;
  updatedAt: string;
};

/** Where a page ends: the SKU and product id of its last item. */
export type InventoryKey = Readonly<{ sku: string; productId: string }>;

export type InventoryListQuery = Readonly<{
  /** true: low items only; false: the others only; absent: all. */
  lowStock?: boolean;
  limit: number;
  after?: InventoryKey;
}>;

export type InventoryPage = { items: InventoryItem[]; nextKey: InventoryKey | null };

type ItemRecord = {
  product_id: string;
  sku: string;
  on_hand: number;
  reserved: number;
  available: number;
  low_stock_threshold: number;
  low_stock: boolean;
  updated_at: Date | string;
};

const COLUMNS = [
  'product_id',
  'sku',
  'on_hand',
  'reserved',
  'available',
  'low_stock_threshold',
  'low_stock',
  'updated_at',
] as const;

/** Items by SKU, keyset on (sku, product_id), read along the index of that order (tables.ts). */
export function inventoryListQuery(db: Knex, query: InventoryListQuery): Knex.QueryBuilder {
  const builder = db('inventory_items').select(COLUMNS);
  if (query.lowStock !== undefined) builder.where('low_stock', query.lowStock);
  if (query.after) {
    builder.whereRaw('(sku, product_id) > (?, ?)', [query.after.sku, query.after.productId]);
  }
  return builder.orderBy(['sku', 'product_id']).limit(query.limit + 1);
}

export async function listInventory(db: Knex, query: InventoryListQuery): Promise<InventoryPage> {
  const rows: ItemRecord[] = await inventoryListQuery(db, query);
  const page = keysetPage(rows.map(toItem), query.limit, (last) => ({
    sku: last.sku,
    productId: last.productId,
  }));
  return { items: page.rows, nextKey: page.nextKey };
}

export async function findInventoryItem(
  db: Knex,
  productId: string,
): Promise<InventoryItem | undefined> {
  const row = (await db('inventory_items')
    .select(COLUMNS)
    .where('product_id', productId)
    .first()) as ItemRecord | undefined;
  return row && toItem(row);
}

function toItem(row: ItemRecord): InventoryItem {
  return {
    productId: row.product_id,
    sku: row.sku,
    onHand: row.on_hand,
    reserved: row.reserved,
    available: row.available,
    lowStockThreshold: row.low_stock_threshold,
    lowStock: row.low_stock,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
