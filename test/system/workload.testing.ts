import { type InventoryCommand } from '../../domain/inventory';
import {
  type ProductCommand,
  productDecider,
  streamName as productStream,
} from '../../domain/product';
import {
  type Role,
  type UserCommand,
  userDecider,
  streamName as userStream,
} from '../../domain/user';
import { type EventStore } from '../../platform/event-store/port';
import { Dice } from './dice.testing';
import { type Customer, orderJourney } from './order-journey.testing';
import {
  DAY,
  type Draft,
  HOUR,
  iso,
  MINUTE,
  type Job,
  runJobs,
  WorkloadWriter,
} from './workload-writer.testing';

/**
 * A shop's history written the way the system writes it: every command goes through its domain
 * decider and the shared command path (handle-command.ts), with `now` and metadata.occurredAt
 * from a simulated clock spread over several days. Users register (addresses, renames,
 * preferences, an admin now and then), products are created, edited, repriced and discontinued,
 * stock is received and adjusted, and orders go every way the saga drives them: reserved and
 * confirmed or rejected for lack of stock, then paid, shipped and delivered, cancelled before or
 * after payment, or expired; the dispatcher's mails follow with their delivery attempts.
 *
 * `concurrency` writers take jobs (one user, product or order journey each) from one queue, so
 * commits interleave and the inventory streams see real conflicts. Every job draws from a die of
 * its own: the commands are a function of the seed. Which reservation fails for lack of stock
 * depends on the interleaving, so the events are reproducible exactly with `concurrency: 1`.
 */
export type WorkloadOptions = Readonly<{
  seed?: number;
  users?: number;
  products?: number;
  orders?: number;
  concurrency?: number;
  /** The simulated clock's first day; the history spans `days` days from there. */
  start?: string;
  days?: number;
}>;

export type WorkloadUser = Readonly<{ userId: string; email: string; addressId: string }>;
export type WorkloadProduct = Readonly<{
  productId: string;
  sku: string;
  name: string;
  category: string;
  priceCents: number;
  /** Discontinued ones are never ordered. */
  orderable: boolean;
}>;

export type WorkloadResult = Readonly<{
  events: number;
  commands: number;
  eventTypes: Readonly<Record<string, number>>;
  /** The position of the last commit. */
  lastPosition: string;
  users: readonly WorkloadUser[];
  products: readonly WorkloadProduct[];
  orderIds: readonly string[];
  /** The simulated clock's range: every occurredAt lies within. */
  from: string;
  to: string;
}>;

const CATEGORIES = ['kitchen', 'garden', 'books', 'toys', 'office', 'outdoor'];
const ADJECTIVES = ['sturdy', 'golden', 'quiet', 'rustic', 'nimble', 'velvet', 'polar', 'amber'];
const NOUNS = ['lamp', 'kettle', 'trowel', 'notebook', 'puzzle', 'tent', 'mug', 'chair', 'drone'];
const CITIES = [
  ['Berlin', 'DE', '10115'],
  ['Lyon', 'FR', '69001'],
  ['Utrecht', 'NL', '3511'],
  ['Porto', 'PT', '4000-001'],
] as const;

export async function writeWorkload(
  store: EventStore,
  options: WorkloadOptions = {},
): Promise<WorkloadResult> {
  const seed = options.seed ?? 1;
  const start = Date.parse(options.start ?? '2025-06-02T00:00:00.000Z');
  const span = (options.days ?? 6) * DAY;
  const writer = new WorkloadWriter(store);

  const users: Customer[] = [];
  const userJobs: Job[] = Array.from({ length: options.users ?? 60 }, (_, i) => {
    const dice = Dice.forJob(seed, i);
    const userId = dice.uuid();
    const email = `shopper${i}.${seed}@mail.example.com`;
    const addressId = dice.uuid();
    const orderUpdates = dice.chance(0.8);
    users.push({ userId, email, addressId, orderUpdates });
    return async () => {
      let at = start + dice.next() * DAY;
      const user = (draft: Draft<UserCommand>, actor: string | null = userId) =>
        writer.run(userDecider, userStream(userId), draft, (at += dice.int(1, 90) * MINUTE), actor);
      const name = `${dice.pick(ADJECTIVES)} Shopper ${i}`;
      const roles: Role[] = ['customer'];
      const password = 'secret-123';
      await user({
        type: 'RegisterUser',
        data: { userId, email, name, password, passwordHash: 'hash', roles },
      });
      await writer.notify(dice, 'welcome', email, userId, at + 1000);
      const [city, country, postalCode] = dice.pick(CITIES);
      const address = { userId, city, postalCode, country };
      await user({
        type: 'AddAddress',
        data: { ...address, addressId, label: 'Home', line1: `${i} Main St` },
      });
      if (dice.chance(0.3)) {
        const second = dice.uuid();
        await user({
          type: 'AddAddress',
          data: { ...address, addressId: second, line1: `${i} Work Rd` },
        });
        if (dice.chance(0.5))
          await user({ type: 'RemoveAddress', data: { userId, addressId: second } });
      }
      if (!orderUpdates || dice.chance(0.3)) {
        const data = { userId, orderUpdates, marketing: dice.chance(0.4) };
        await user({ type: 'ChangeNotificationPreferences', data });
      }
      if (dice.chance(0.3)) {
        await user({ type: 'RenameUser', data: { userId, name: `Renamed Shopper ${i}` } });
      }
      if (dice.chance(0.05))
        await user({ type: 'GrantRole', data: { userId, role: 'admin' } }, null);
    };
  });

  const products: WorkloadProduct[] = [];
  const productJobs: Job[] = Array.from({ length: options.products ?? 40 }, (_, i) => {
    const dice = Dice.forJob(seed, 10_000 + i);
    const productId = dice.uuid();
    const product: WorkloadProduct = {
      productId,
      sku: `SKU-${seed}-${i}`,
      name: `${dice.pick(ADJECTIVES)} ${dice.pick(NOUNS)} ${i}`,
      category: dice.pick(CATEGORIES),
      priceCents: dice.int(199, 25_000),
      orderable: i === 0 || dice.chance(0.9),
    };
    products.push(product);
    return async () => {
      let at = start + dice.next() * DAY;
      const edit = (draft: Draft<ProductCommand>) =>
        writer.run(
          productDecider,
          productStream(productId),
          draft,
          (at += dice.int(1, 60) * MINUTE),
          'admin',
        );
      const { sku, name, category, priceCents } = product;
      const description = `A ${name} for the ${category}, made to last.`;
      const initialStock = dice.int(10, 250);
      const lowStockThreshold = dice.chance(0.5) ? dice.int(3, 20) : undefined;
      const opening = { initialStock, lowStockThreshold };
      await edit({
        type: 'CreateProduct',
        data: { productId, sku, name, description, category, priceCents, ...opening },
      });
      // What the inventory-opening manager does with ProductCreated: the same opening stock.
      await writer.inventory(
        dice,
        productId,
        { type: 'InitialiseInventory', data: { productId, sku, ...opening } },
        at + 500,
      );
      if (dice.chance(0.3)) {
        const details = { productId, description: `${description} Now improved.` };
        await edit({ type: 'UpdateProductDetails', data: details });
      }
      if (dice.chance(0.3)) {
        await edit({
          type: 'ChangeProductPrice',
          data: { productId, priceCents: priceCents + 100 },
        });
      }
    };
  });

  /** Later catalog work: repricing, renaming, restocking, stock counts, discontinuing. */
  const churnJobs: Job[] = products.map((product, i) => {
    const dice = Dice.forJob(seed, 20_000 + i);
    const { productId } = product;
    return async () => {
      let at = start + DAY + dice.next() * (span - DAY);
      const edit = (draft: Draft<ProductCommand>) =>
        writer.run(productDecider, productStream(productId), draft, (at += HOUR), 'admin');
      const stock = (draft: Draft<InventoryCommand>) =>
        writer.inventory(dice, productId, draft, (at += HOUR));
      if (dice.chance(0.4)) {
        await edit({
          type: 'ChangeProductPrice',
          data: { productId, priceCents: dice.int(199, 30_000) },
        });
      }
      if (dice.chance(0.2)) {
        await edit({
          type: 'UpdateProductDetails',
          data: { productId, name: `${product.name} XL` },
        });
      }
      if (dice.chance(0.2)) {
        const category = dice.pick(CATEGORIES);
        await edit({ type: 'UpdateProductDetails', data: { productId, category } });
      }
      for (let k = dice.int(0, 2); k > 0; k--) {
        await stock({ type: 'ReceiveStock', data: { productId, quantity: dice.int(10, 80) } });
      }
      if (dice.chance(0.3)) {
        const data = { productId, delta: dice.int(1, 5), reason: 'found in the stock count' };
        await stock({ type: 'AdjustStock', data });
      }
      if (dice.chance(0.2)) {
        await stock({
          type: 'SetLowStockThreshold',
          data: { productId, threshold: dice.int(5, 40) },
        });
      }
      if (!product.orderable) await edit({ type: 'DiscontinueProduct', data: { productId } });
    };
  });

  const orderIds: string[] = [];
  const orderJobs: Job[] = Array.from({ length: options.orders ?? 400 }, (_, i) => {
    const dice = Dice.forJob(seed, 30_000 + i);
    const orderId = dice.uuid();
    orderIds.push(orderId);
    const customer = dice.pick(users);
    const orderable = products.filter((p) => p.orderable);
    const lines = dice.sample(orderable, dice.int(1, 3)).map((p) => ({
      productId: p.productId,
      productStatus: 'active' as const,
      sku: p.sku,
      name: p.name,
      unitPriceCents: p.priceCents,
      quantity: dice.int(1, 5),
    }));
    const at = start + DAY + dice.next() * Math.max(HOUR, span - 4 * DAY);
    return () => orderJourney(writer, dice, { orderId, customer, lines, at });
  });

  const concurrency = options.concurrency ?? 4;
  const later = [...orderJobs, ...churnJobs];
  // Users and products exist before anything refers to them; the rest interleaves freely.
  await runJobs([...userJobs, ...productJobs], concurrency);
  await runJobs(new Dice(seed).sample(later, later.length), concurrency);

  return {
    events: writer.events,
    commands: writer.commands,
    eventTypes: writer.eventTypes,
    lastPosition: writer.lastPosition,
    users: users.map(({ userId, email, addressId }) => ({ userId, email, addressId })),
    products,
    orderIds,
    from: iso(start),
    to: iso(start + span + DAY),
  };
}
