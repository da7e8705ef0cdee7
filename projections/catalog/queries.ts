import { type Knex } from 'knex';
import { SEARCH_CONFIG, type ProductStatus } from './tables';
import { keysetPage } from '../shared/keyset';
import { ProductListStatements } from './product-list-statements';

export type CatalogProduct = {
  productId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  priceCents: number;
  available: number;
  status: ProductStatus;
  updatedAt: string;
};

export type CategoryCount = { category: string; productCount: number };

export const PRODUCT_SORTS = ['name', 'price', '-price', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/**
 * Where a page ends, in the sort's terms: `value` is the sort column of the last product
 * (lower-cased name, price in cents, or creation time as ISO string) and `productId` breaks ties.
 */
export type ProductKey = Readonly<{ value: string | number; productId: string }>;

export type ProductListQuery = Readonly<{
  /** Full text over name and description, in web-search syntax ("blue mug", -red, "a or b"). */
  q?: string;
  category?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  /** true: available > 0 only; false: sold out only; absent: both. */
  inStock?: boolean;
  sort: ProductSort;
  limit: number;
  /** The last product of the previous page: the page holds the products after it. */
  after?: ProductKey;
}>;

/** A page and the key to continue after it (null on the last page); the API makes it a cursor. */
export type ProductPage = { items: CatalogProduct[]; nextKey: ProductKey | null };

/** Each sort's key column and direction; `product_id` follows in the same direction. */
const SORT_KEYS: Record<ProductSort, { column: string; direction: 'asc' | 'desc' }> = {
  name: { column: 'name_key', direction: 'asc' },
  price: { column: 'price_cents', direction: 'asc' },
  '-price': { column: 'price_cents', direction: 'desc' },
  newest: { column: 'created_at', direction: 'desc' },
};

const COLUMNS = [
  'product_id',
  'sku',
  'name',
  'description',
  'category',
  'price_cents',
  'available',
  'status',
  'updated_at',
] as const;

type ProductRecord = {
  product_id: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  price_cents: number;
  available: number;
  status: ProductStatus;
  updated_at: Date | string;
};

type ListedRecord = ProductRecord & { sort_value: string | number | Date };

/**
 * One page of active products (a discontinued one can no longer be ordered; it stays reachable
 * by id). Keyset on (sort column, product_id): each sort has an index ending in those columns
 * (tables.ts), so a page reads about `limit + 1` index entries however deep it is; the filters
 * narrow through the category and full-text (GIN) indexes when they are selective. Exported so
 * the query-plan test EXPLAINs exactly this.
 */
export function productListQuery(db: Knex, query: ProductListQuery): Knex.QueryBuilder {
  const { column, direction } = SORT_KEYS[query.sort];
  const builder = db('catalog_products')
    .select([...COLUMNS, `${column} as sort_value`])
    .where('status', 'active');
  if (query.q !== undefined) {
    builder.whereRaw(`search @@ websearch_to_tsquery('${SEARCH_CONFIG}', ?)`, [query.q]);
  }
  if (query.category !== undefined) builder.where('category', query.category);
  if (query.minPriceCents !== undefined) builder.where('price_cents', '>=', query.minPriceCents);
  if (query.maxPriceCents !== undefined) builder.where('price_cents', '<=', query.maxPriceCents);
  if (query.inStock !== undefined) builder.where('available', query.inStock ? '>' : '<=', 0);
  if (query.after) {
    // A row comparison, which PostgreSQL matches against the two-column index.
    builder.whereRaw(`(??, product_id) ${direction === 'asc' ? '>' : '<'} (?, ?)`, [
      column,
      query.after.value,
      query.after.productId,
    ]);
  }
  return builder
    .orderBy([
      { column, order: direction },
      { column: 'product_id', order: direction },
    ])
    .limit(query.limit + 1);
}

/** productListQuery, compiled once per shape and sent as a prepared statement. */
const productListStatements = new ProductListStatements(productListQuery);

export async function listProducts(db: Knex, query: ProductListQuery): Promise<ProductPage> {
  const rows = await productListStatements.rows<ListedRecord>(db, query);
  const page = keysetPage(rows, query.limit, (last) => ({
    value: keyValue(last.sort_value),
    productId: last.product_id,
  }));
  return { items: page.rows.map(toProduct), nextKey: page.nextKey };
}

/** Any product, discontinued ones included (an old order links to it). */
export async function findProduct(
  db: Knex,
  productId: string,
): Promise<CatalogProduct | undefined> {
  const row = (await db('catalog_products')
    .select(COLUMNS)
    .where('product_id', productId)
    .first()) as ProductRecord | undefined;
  return row && toProduct(row);
}

/** Every category with at least one active product, by name. */
export async function listCategories(db: Knex): Promise<CategoryCount[]> {
  const rows = (await db('catalog_categories')
    .select('category', 'product_count')
    .orderBy('category')) as { category: string; product_count: number }[];
  return rows.map((row) => ({ category: row.category, productCount: row.product_count }));
}

function toProduct(row: ProductRecord): CatalogProduct {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    category: row.category,
    priceCents: row.price_cents,
    available: row.available,
    status: row.status,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function keyValue(value: string | number | Date): string | number {
  return value instanceof Date ? value.toISOString() : value;
}
