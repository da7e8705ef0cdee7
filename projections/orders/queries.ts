import { type Knex } from 'knex';
import { type OrderLine, type OrderStatus, type ShippingAddress } from '../../domain/order';
import { keysetPage, newestFirst } from '../shared/keyset';

export type OrderSummary = {
  orderId: string;
  userId: string;
  status: OrderStatus;
  totalCents: number;
  /** Units across all lines (the sum of the quantities). */
  itemCount: number;
  createdAt: string;
  updatedAt: string;
};

export type OrderHistoryEntry = { status: OrderStatus; at: string; reason?: string };

export type OrderDetail = {
  orderId: string;
  userId: string;
  status: OrderStatus;
  lines: OrderLine[];
  totalCents: number;
  shippingAddress: ShippingAddress;
  history: OrderHistoryEntry[];
  createdAt: string;
  updatedAt: string;
};

export type OrderListFilter = Readonly<{
  /** Only this customer's orders; absent: everyone's (admins only, the caller decides). */
  userId?: string;
  status?: OrderStatus;
  limit: number;
  /** The last order of the previous page: the page holds the orders after it, newest first. */
  after?: OrderKey;
}>;

export type OrderKey = Readonly<{ createdAt: string; orderId: string }>;

/** A page and the key to continue after it (null on the last page); the API makes it a cursor. */
export type OrderPage = { items: OrderSummary[]; nextKey: OrderKey | null };

const SUMMARY_COLUMNS = [
  'order_id',
  'user_id',
  'status',
  'total_cents',
  'item_count',
  'created_at',
  'updated_at',
] as const;

type SummaryRow = {
  order_id: string;
  user_id: string;
  status: OrderStatus;
  total_cents: string | number;
  item_count: number;
  created_at: Date | string;
  updated_at: Date | string;
};

/**
 * One page of orders, newest first, by keyset on (created_at, order_id): each filter
 * combination has an index ending in those columns (tables.ts), so a page reads `limit + 1`
 * index entries whatever the page number. Exported so the query-plan test EXPLAINs exactly this.
 */
export function orderListQuery(db: Knex, filter: OrderListFilter): Knex.QueryBuilder {
  const query = db('orders_orders').select(SUMMARY_COLUMNS);
  if (filter.userId !== undefined) query.where('user_id', filter.userId);
  if (filter.status !== undefined) query.where('status', filter.status);
  const after = filter.after && ([filter.after.createdAt, filter.after.orderId] as const);
  return newestFirst(query, 'order_id', after, filter.limit);
}

export async function listOrders(db: Knex, filter: OrderListFilter): Promise<OrderPage> {
  const rows: SummaryRow[] = await orderListQuery(db, filter);
  const page = keysetPage(rows.map(toSummary), filter.limit, (last) => ({
    createdAt: last.createdAt,
    orderId: last.orderId,
  }));
  return { items: page.rows, nextKey: page.nextKey };
}

/**
 * One order with its lines and timeline, in one statement (one snapshot: the timeline never
 * runs ahead of the order's status). `ownedBy` limits it to that customer's orders, so for
 * anyone else it is simply not found.
 */
export async function findOrder(
  db: Knex,
  orderId: string,
  ownedBy?: string,
): Promise<OrderDetail | undefined> {
  const query = db('orders_orders as o')
    .select(
      'o.*',
      db.raw(
        `(SELECT coalesce(json_agg(json_build_object(
            'status', h.status, 'at', ${isoText('h.at')}, 'reason', h.reason) ORDER BY h.seq), '[]')
          FROM orders_history h WHERE h.order_id = o.order_id) AS history`,
      ),
    )
    .where('o.order_id', orderId);
  if (ownedBy !== undefined) query.where('o.user_id', ownedBy);
  const row = (await query.first()) as
    | (SummaryRow & {
        lines: OrderLine[];
        shipping_address: ShippingAddress;
        history: Array<{ status: OrderStatus; at: string; reason: string | null }>;
      })
    | undefined;
  if (!row) return undefined;
  const { itemCount: _itemCount, ...summary } = toSummary(row);
  return {
    ...summary,
    lines: parseJson(row.lines).map(lineInOrder),
    shippingAddress: addressInOrder(parseJson(row.shipping_address)),
    history: parseJson(row.history).map(({ status, at, reason }) =>
      reason === null ? { status, at } : { status, at, reason },
    ),
  };
}

function toSummary(row: SummaryRow): OrderSummary {
  return {
    orderId: row.order_id,
    userId: row.user_id,
    status: row.status,
    totalCents: Number(row.total_cents),
    itemCount: row.item_count,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

// jsonb stores object keys in its own order; answers list them in the documented one.
function lineInOrder(line: OrderLine): OrderLine {
  const { productId, sku, name, quantity, unitPriceCents, lineTotalCents } = line;
  return { productId, sku, name, quantity, unitPriceCents, lineTotalCents };
}

function addressInOrder(address: ShippingAddress): ShippingAddress {
  const { addressId, label, line1, line2, city, postalCode, country } = address;
  return {
    ...(addressId !== undefined && { addressId }),
    ...(label !== undefined && { label }),
    line1,
    ...(line2 !== undefined && { line2 }),
    city,
    postalCode,
    country,
  };
}

/** ISO 8601 UTC with milliseconds, computed in SQL so the session's time zone cannot change it. */
function isoText(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** json columns arrive parsed from `pg`; keep working if a driver hands back text. */
function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}
