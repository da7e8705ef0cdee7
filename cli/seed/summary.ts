import { formatDuration } from '../progress';
import { table } from '../text-output';
import { type CreatedProduct } from './catalogue-phase';
import { type Customer } from './customers-phase';
import { type SeededOrder } from './orders-phase';

export type SeedResult = Readonly<{
  writeUrl: string;
  readUrl: string;
  runTag: string;
  seedValue: number;
  password: string;
  admin: Readonly<{ email: string; source: string }>;
  products: readonly CreatedProduct[];
  customers: readonly Customer[];
  orders: readonly SeededOrder[];
  elapsedMs: number;
}>;

/** The order statuses in life-cycle order, so the table reads like SPEC's life cycle. */
const STATUS_ORDER = ['confirmed', 'paid', 'shipped', 'delivered', 'cancelled', 'rejected'];

/** What seed made, for stdout: counts per category and per order status, and how to log in. */
export function summaryLines(result: SeedResult): string[] {
  const { customers, products, orders } = result;
  const addresses = customers.flatMap((c) => c.planned.addresses);
  const countries = [...new Set(addresses.map((a) => a.country))].sort();
  const lines = [
    `seeded ${result.writeUrl}${result.readUrl === result.writeUrl ? '' : ` (reads: ${result.readUrl})`} ` +
      `in ${formatDuration(result.elapsedMs)}: run tag ${result.runTag}, --seed-value ${result.seedValue}`,
    '',
    `users: ${customers.length} with ${addresses.length} addresses` +
      (countries.length ? ` in ${countries.join(', ')}` : ''),
  ];
  if (customers.length > 0) {
    lines.push(
      `  log in as any of them with password "${result.password}", ` +
        `e.g. ${customers[0].planned.email}`,
    );
  }
  lines.push(
    '',
    ...table(['category', 'products'], counted(products.map((p) => p.planned.category))),
  );
  lines.push(
    '',
    ...table(
      ['order status', 'orders'],
      counted(
        orders.map((o) => o.status),
        STATUS_ORDER,
      ),
    ),
  );
  if (orders.some((o) => o.status === 'confirmed')) {
    lines.push(
      'confirmed orders are left unpaid: they expire after the running system’s ' +
        'RESERVATION_TTL_SECONDS (900 s by default) and release their stock',
    );
  }
  lines.push('', `admin: ${result.admin.email} (${result.admin.source})`);
  return lines;
}

/** [value, count] rows: the `known` values first in their order, then the rest by name. */
function counted(values: readonly string[], known: readonly string[] = []): string[][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  const rank = (value: string) => (known.includes(value) ? known.indexOf(value) : known.length);
  return [...counts]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([value, count]) => [value, String(count)]);
}
