import { type Apis, eventually, expectStatus, logIn } from '../saga/shop-client.testing';

/** What `shopstream seed` said on stdout it made. */
export type SeedSummary = Readonly<{
  runTag: string;
  users: number;
  exampleEmail: string;
  password: string;
  productsByCategory: ReadonlyMap<string, number>;
  ordersByStatus: ReadonlyMap<string, number>;
}>;

export const ORDER_END_STATES = [
  'confirmed',
  'paid',
  'shipped',
  'delivered',
  'cancelled',
  'rejected',
];

/** Reads the summary back from its text: the header line, the user line and the two tables. */
export function parseSeedSummary(stdout: string): SeedSummary {
  const lines = stdout.split('\n');
  const find = (pattern: RegExp) => {
    for (const line of lines) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    throw new Error(`no line matches ${pattern} in:\n${stdout}`);
  };
  return {
    runTag: find(/run tag (\w+),/)[1],
    users: Number(find(/^users: (\d+) with/)[1]),
    password: find(/password "([^"]+)", e\.g\. (\S+)$/)[1],
    exampleEmail: find(/password "([^"]+)", e\.g\. (\S+)$/)[2],
    productsByCategory: tableAfter(lines, 'category'),
    ordersByStatus: tableAfter(lines, 'order status'),
  };
}

/** The rows under a table's header up to the next blank line, as name → count. */
function tableAfter(lines: readonly string[], header: string): Map<string, number> {
  const start = lines.findIndex((line) => line.startsWith(`${header}  `));
  const rows = new Map<string, number>();
  for (const line of lines.slice(start + 1)) {
    const match = /^(.+?)\s{2,}(\d+)$/.exec(line);
    if (!match) break;
    rows.set(match[1], Number(match[2]));
  }
  return rows;
}

/**
 * Checks through the read API that what the summary says exists: the orders per status, the
 * products per category, a product found by a word of its description, a user with addresses.
 * Polls, since the projections catch up on their own time.
 */
export async function expectSeededShop(
  apis: Apis,
  adminToken: string,
  summary: SeedSummary,
): Promise<void> {
  for (const status of ORDER_END_STATES) {
    expect(summary.ordersByStatus.get(status) ?? 0).toBeGreaterThan(0);
  }
  for (const [status, count] of summary.ordersByStatus) {
    let seen = -1;
    await eventually(
      `${count} ${status} orders in the read API`,
      async () => (seen = await countOrders(apis, adminToken, status)) === count,
      30_000,
      () => `(saw ${seen})`,
    );
  }

  const categories = expectStatus(await apis.read('GET', '/categories'), 200).body as {
    category: string;
    productCount: number;
  }[];
  for (const [category, count] of summary.productsByCategory) {
    expect(categories.find((c) => c.category === category)?.productCount).toBe(count);
  }

  // "espresso" is only in the description of the catalogue's espresso beans.
  const found = expectStatus(await apis.read('GET', '/products?q=espresso&limit=100'), 200).body
    .items as { sku: string; name: string; description: string }[];
  const ours = found.filter((p) => p.sku.endsWith(`-${summary.runTag.toUpperCase()}`));
  expect(ours.length).toBeGreaterThan(0);
  for (const product of ours) expect(product.description.toLowerCase()).toContain('espresso');

  const customer = await logIn(apis, summary.exampleEmail, summary.password);
  const me = expectStatus(await apis.read('GET', '/users/me', { token: customer }), 200).body as {
    email: string;
    name: string;
    addresses: { line1: string; city: string; country: string }[];
  };
  expect(me.email).toBe(summary.exampleEmail);
  expect(me.addresses.length).toBeGreaterThan(0);
  for (const address of me.addresses) expect(address.country).toMatch(/^[A-Z]{2}$/);
}

async function countOrders(apis: Apis, adminToken: string, status: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query: string = `/orders?status=${status}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectStatus(await apis.read('GET', query, { token: adminToken }), 200).body as {
      items: unknown[];
      nextCursor: string | null;
    };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}
