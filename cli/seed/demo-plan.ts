import { CATALOGUE, type CatalogueEntry, VARIANTS } from './catalogue';
import { ADDRESS_LABELS, ADDRESSES, type DemoAddress, FIRST_NAMES, LAST_NAMES } from './people';
import { type Random, seededRandom } from './random';

export type SeedSize = Readonly<{ users: number; products: number; orders: number }>;

/**
 * What seed does to an order once the saga has decided it. `over-stock` asks for more than the
 * product ever had, so the saga rejects it; the others are what happens to a confirmed order.
 */
export type OrderFate =
  'deliver' | 'ship' | 'pay' | 'leave-confirmed' | 'cancel' | 'cancel-after-pay' | 'over-stock';

/**
 * Fates in turn rather than drawn at random: the first six orders already end in each of
 * confirmed, paid, shipped, delivered, cancelled and rejected, however small the run.
 */
const FATES: readonly OrderFate[] = [
  'deliver',
  'pay',
  'over-stock',
  'ship',
  'cancel',
  'leave-confirmed',
  'deliver',
  'cancel-after-pay',
  'deliver',
  'ship',
];

export type PlannedProduct = Omit<CatalogueEntry, 'lowStockThreshold'> &
  Readonly<{ lowStockThreshold?: number }>;
export type PlannedUser = Readonly<{ email: string; name: string; addresses: DemoAddress[] }>;
export type PlannedOrder = Readonly<{
  /** Indexes into the plan's users and products. */
  user: number;
  lines: readonly Readonly<{ product: number; quantity: number }>[];
  fate: OrderFate;
}>;

export type DemoPlan = Readonly<{
  /** Unique to this run; part of every SKU and email so seeding twice never collides. */
  runTag: string;
  /** Every demo user's password, printed in the summary so one can log in as a customer. */
  password: string;
  products: readonly PlannedProduct[];
  users: readonly PlannedUser[];
  orders: readonly PlannedOrder[];
}>;

export const DEMO_PASSWORD = 'demo-passw0rd';

/**
 * The whole demo data set, decided before the first request. Everything but `runTag` follows
 * from `seedValue`, so two runs with the same value make the same shop under other SKUs and
 * emails.
 */
export function planDemo(size: SeedSize, seedValue: number, runTag: string): DemoPlan {
  const random = seededRandom(seedValue);
  const products = Array.from({ length: size.products }, (_, i) => product(i, runTag, random));
  const users = Array.from({ length: size.users }, (_, i) => user(i, runTag, random));
  const orders = Array.from({ length: size.orders }, (_, i) =>
    order(i, users.length, products, random),
  );
  return { runTag, password: DEMO_PASSWORD, products, users, orders };
}

/** The catalogue in order; past its end, again with a variant name and a slightly other price. */
function product(index: number, runTag: string, random: Random): PlannedProduct {
  const entry = CATALOGUE[index % CATALOGUE.length];
  const round = Math.floor(index / CATALOGUE.length);
  const tag = runTag.toUpperCase();
  if (round === 0) return { ...entry, sku: `${entry.sku}-${tag}` };
  const variant = VARIANTS[(round - 1) % VARIANTS.length];
  const edition = round > VARIANTS.length ? ` ${Math.ceil(round / VARIANTS.length)}` : '';
  return {
    ...entry,
    sku: `${entry.sku}-${variant.toUpperCase()}${edition.trim()}-${tag}`,
    name: `${entry.name}, ${variant}${edition}`,
    priceCents: Math.round((entry.priceCents * random.int(90, 115)) / 100),
  };
}

function user(index: number, runTag: string, random: Random): PlannedUser {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const count = random.next() < 0.3 ? 2 : 1;
  const addresses = Array.from({ length: count }, (_, i) => ({
    ...random.pick(ADDRESSES),
    label: ADDRESS_LABELS[i],
  }));
  return {
    email: `${ascii(first)}.${ascii(last)}-${runTag}-${index + 1}@example.com`,
    name: `${first} ${last}`,
    addresses,
  };
}

function order(
  index: number,
  users: number,
  products: readonly PlannedProduct[],
  random: Random,
): PlannedOrder {
  const fate = FATES[index % FATES.length];
  const user = random.int(0, users - 1);
  if (fate === 'over-stock') {
    const product = random.int(0, products.length - 1);
    // Catalogue stocks stay below 100, the most one line may ask for (SPEC: quantity 1..100).
    const quantity = Math.min(100, products[product].initialStock + random.int(1, 20));
    return { user, lines: [{ product, quantity }], fate };
  }
  const wanted = Math.min(products.length, random.int(1, 3));
  const chosen = new Set<number>();
  while (chosen.size < wanted) chosen.add(random.int(0, products.length - 1));
  const lines = [...chosen].map((product) => ({ product, quantity: random.next() < 0.7 ? 1 : 2 }));
  return { user, lines, fate };
}

/** "Chloé" → "chloe", "de Vries" → "devries": email local parts in plain ASCII. */
function ascii(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
