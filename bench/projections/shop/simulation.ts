import { randomBytes, randomUUID } from 'node:crypto';
import {
  type InventoryEvent,
  type InventoryState,
  inventoryDecider,
  streamName as inventoryStream,
} from '../../../domain/inventory';
import {
  type NotificationTemplate,
  notificationDecider,
  streamName as notificationStream,
} from '../../../domain/notification';
import {
  type OrderState,
  type PlaceOrderLine,
  type ShortLine,
  orderDecider,
  streamName as orderStream,
} from '../../../domain/order';
import {
  type ProductState,
  productDecider,
  streamName as productStream,
} from '../../../domain/product';
import { sessionDecider, streamName as sessionStream } from '../../../domain/session';
import { claimDecider, streamName as claimStream } from '../../../domain/uniqueness';
import { type UserState, userDecider, streamName as userStream } from '../../../domain/user';
import { generateRefreshToken } from '../../../platform/auth/refresh-token';
import { type Cause, type Ledger } from './ledger';
import { type Random } from './random';
import { ADJECTIVES, address, personName, productText } from './words';

/** Simulated time of one round: every event decided in a round commits before the next one. */
export const ROUND_MS = 15 * 60_000;
/** What the write side gives a confirmed order to be paid in (RESERVATION_TTL_SECONDS). */
const RESERVATION_TTL_MS = 30 * 60_000;
const STARTS_AT = Date.UTC(2026, 0, 5, 6, 0, 0);
const ALERT_EMAIL = 'alerts@shopstream.example';
const PASSWORD = 'correct horse 1';

/** How much of each kind of activity, from the number of events wanted (see shopPlan). */
export type ShopPlan = Readonly<{
  targetEvents: number;
  products: number;
  customers: number;
  /** Customers registered in the first rounds; the rest register one by one over the run. */
  initialCustomers: number;
  ordersPerRound: number;
  registrationsPerRound: number;
}>;

/**
 * About 400 rounds of 15 minutes (four days) whatever the size: the mix stays the same and a
 * round holds targetEvents / 400 events. An order's life (placed, reserved, confirmed, paid,
 * shipped, delivered, each with its saga and notification events) is about 14 events.
 */
export function shopPlan(targetEvents: number): ShopPlan {
  const rounds = 400;
  const customers = Math.max(20, Math.round(targetEvents / 50));
  const initialCustomers = Math.round(customers * 0.3);
  return {
    targetEvents,
    products: Math.max(30, Math.round(targetEvents / 200)),
    customers,
    initialCustomers,
    ordersPerRound: (targetEvents * 0.058) / rounds,
    registrationsPerRound: (customers - initialCustomers) / rounds,
  };
}

type Product = { productId: string; adjective: string; restockPending: boolean };

type Customer = {
  userId: string;
  email: string;
  orders: number;
  canOrder: boolean;
};

type Order = {
  orderId: string;
  customer: Customer;
  correlationId: string;
  lines: PlaceOrderLine[];
  /** Lines whose stock the saga holds. */
  reserved: string[];
};

type Action = { offsetMs: number; run: (now: string) => void };

/** Final (or current, for orders still in flight) status of every order placed. */
export type OrderOutcomes = Record<string, number>;

/**
 * The shop, simulated: an admin stocks the catalog, customers register, log in, add addresses and
 * order; the order saga reserves stock, confirms or rejects, releases on cancellation and
 * expiry and ships; the dispatcher sends mails (some fail and retry); low stock alerts and gets
 * restocked; the catalog changes prices and details now and then. Every step is a command
 * decided by the domain's own decider on the aggregate's current state (Ledger), never an event
 * made up here.
 *
 * A step that reacts to another stream's event (the saga, the dispatcher) runs in a later
 * round than that event, so it lands after it in $all as it would in production; steps within
 * a round touch independent streams or one stream in time order.
 */
export class ShopSimulation {
  private round = 0;
  private readonly agenda = new Map<number, Action[]>();
  private readonly products = new Map<string, Product>();
  /** Active products with a stock record: what customers can order. */
  private readonly orderable: Product[] = [];
  private readonly customers: Customer[] = [];
  private readonly orderingCustomers: Customer[] = [];
  private readonly adminId = randomUUID();
  private registrations = 0;
  private orderCredit = 0;
  private registrationCredit = 0;
  private skuCounter = 0;
  readonly outcomes: OrderOutcomes = {};

  constructor(
    private readonly ledger: Ledger,
    private readonly random: Random,
    private readonly plan: ShopPlan,
  ) {}

  get rounds(): number {
    return this.round;
  }

  get startsAt(): string {
    return new Date(STARTS_AT).toISOString();
  }

  get endsAt(): string {
    return new Date(STARTS_AT + this.round * ROUND_MS).toISOString();
  }

  /** The catalog search term: the adjective most active products carry. */
  searchWord(): string {
    const counts = new Map<string, number>();
    for (const product of this.orderable) {
      counts.set(product.adjective, (counts.get(product.adjective) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ADJECTIVES[0];
  }

  /** Customers by number of orders placed, most first. */
  topCustomers(count: number): { userId: string; email: string; orders: number }[] {
    return [...this.customers]
      .sort((a, b) => b.orders - a.orders)
      .slice(0, count)
      .map(({ userId, email, orders }) => ({ userId, email, orders }));
  }

  get adminUserId(): string {
    return this.adminId;
  }

  /** Decides one round of activity (nothing is appended: the caller flushes the ledger). */
  step(): void {
    const r = this.round;
    if (r === 0) this.at(0, (now) => this.registerAdmin(now));
    // The catalog is imported in the first rounds, customers arrive from the start.
    if (r < 3) {
      const share = Math.ceil(this.plan.products / 3);
      const remaining = this.plan.products - this.products.size;
      for (let i = 0; i < Math.min(share, remaining); i++)
        this.at(0, (now) => this.createProduct(now));
    }
    if (r < 4) {
      for (let i = 0; i < Math.ceil(this.plan.initialCustomers / 4); i++) {
        this.at(0, (now) => this.registerCustomer(now));
      }
    } else {
      this.registrationCredit += this.plan.registrationsPerRound;
      for (; this.registrationCredit >= 1; this.registrationCredit--) {
        this.at(0, (now) => this.registerCustomer(now));
      }
    }
    if (r >= 2) {
      this.orderCredit += this.plan.ordersPerRound;
      for (; this.orderCredit >= 1; this.orderCredit--) this.at(0, (now) => this.placeOrder(now));
      this.catalogUpkeep();
    }

    const actions = (this.agenda.get(r) ?? []).sort((a, b) => a.offsetMs - b.offsetMs);
    this.agenda.delete(r);
    const roundStart = STARTS_AT + r * ROUND_MS;
    for (const action of actions) {
      action.run(new Date(roundStart + action.offsetMs).toISOString());
    }
    this.round += 1;
  }

  /** Runs `run` `roundsAhead` rounds from now, at a random time within that round. */
  private at(roundsAhead: number, run: (now: string) => void): void {
    const r = this.round + roundsAhead;
    let actions = this.agenda.get(r);
    if (!actions) {
      actions = [];
      this.agenda.set(r, actions);
    }
    actions.push({ offsetMs: Math.floor(this.random.next() * ROUND_MS), run });
  }

  private request(userId: string | null, now: string): Cause {
    const correlationId = randomUUID();
    return { correlationId, causationId: correlationId, userId, now };
  }

  private reaction(correlationId: string, causationId: string, now: string): Cause {
    return { correlationId, causationId, userId: null, now };
  }

  // ---- users -------------------------------------------------------------------------------

  private registerAdmin(now: string): void {
    this.register(this.adminId, 'admin@shopstream.example', 'Shop Admin', ['admin'], now);
  }

  private registerCustomer(now: string): void {
    const name = personName(this.random);
    const n = this.registrations++;
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}.${n}@example.com`;
    const customer: Customer = { userId: randomUUID(), email, orders: 0, canOrder: false };
    this.customers.push(customer);
    const registered = this.register(customer.userId, email, name, ['customer'], now);
    if (this.random.chance(0.6)) this.startSession(customer.userId, now);
    this.at(1, (later) =>
      this.notify(customer, 'welcome', 'Welcome to Shopstream', registered, later),
    );
    if (this.random.chance(0.95)) {
      this.at(this.random.int(1, 3), (later) => this.addAddress(customer, 'Home', later));
    }
    if (this.random.chance(0.2)) {
      this.at(this.random.int(5, 60), (later) => this.addAddress(customer, 'Work', later));
    }
    if (this.random.chance(0.15)) {
      this.at(this.random.int(2, 120), (later) => this.changePreferences(customer, later));
    }
    if (this.random.chance(0.05)) {
      this.at(this.random.int(2, 200), (later) => this.rename(customer, later));
    }
    if (this.random.chance(0.03)) {
      this.at(this.random.int(2, 200), (later) => this.changePassword(customer, later));
    }
  }

  /** Claim the email, then the user stream (write-side/auth/register-user). */
  private register(
    userId: string,
    email: string,
    name: string,
    roles: ('customer' | 'admin')[],
    now: string,
  ): string {
    const cause = this.request(null, now);
    const key = email.toLowerCase();
    this.ledger.decide(
      claimDecider,
      claimStream('email', key),
      { type: 'ClaimKey', data: { key, ownerId: userId, now } },
      cause,
    );
    this.ledger.forget(claimStream('email', key));
    const { ids } = this.ledger.decide(
      userDecider,
      userStream(userId),
      {
        type: 'RegisterUser',
        data: { userId, email, name, password: PASSWORD, passwordHash: passwordHash(), roles, now },
      },
      cause,
    );
    return ids[0];
  }

  private startSession(userId: string, now: string): void {
    const refresh = generateRefreshToken();
    const expiresAt = new Date(Date.parse(now) + 30 * 86_400_000).toISOString();
    const stream = sessionStream(refresh.familyId);
    this.ledger.decide(
      sessionDecider,
      stream,
      {
        type: 'StartSession',
        data: { familyId: refresh.familyId, userId, tokenHash: refresh.hash, expiresAt, now },
      },
      this.request(userId, now),
    );
    // Some clients refresh their access token a few times during the session.
    let presented = refresh.hash;
    const rotations = this.random.weighted([
      [0, 70],
      [1, 20],
      [2, 10],
    ] as const);
    for (let i = 1; i <= rotations; i++) {
      this.at(i, (later) => {
        const next = generateRefreshToken(refresh.familyId, i);
        this.ledger.decide(
          sessionDecider,
          stream,
          {
            type: 'RotateRefreshToken',
            data: {
              familyId: refresh.familyId,
              presentedTokenHash: presented,
              presentedGeneration: i - 1,
              newTokenHash: next.hash,
              newGeneration: i,
              now: later,
            },
          },
          this.request(userId, later),
        );
        presented = next.hash;
        if (i === rotations) this.ledger.forget(stream);
      });
    }
    if (rotations === 0) this.ledger.forget(stream);
  }

  private addAddress(customer: Customer, label: string, now: string): void {
    const text = address(this.random, label);
    this.ledger.decide(
      userDecider,
      userStream(customer.userId),
      {
        type: 'AddAddress',
        data: { userId: customer.userId, addressId: randomUUID(), ...text, now },
      },
      this.request(customer.userId, now),
    );
    if (!customer.canOrder) {
      customer.canOrder = true;
      this.orderingCustomers.push(customer);
    }
  }

  private changePreferences(customer: Customer, now: string): void {
    this.ledger.decide(
      userDecider,
      userStream(customer.userId),
      {
        type: 'ChangeNotificationPreferences',
        data: {
          userId: customer.userId,
          orderUpdates: this.random.chance(0.7),
          marketing: this.random.chance(0.5),
          now,
        },
      },
      this.request(customer.userId, now),
    );
  }

  private rename(customer: Customer, now: string): void {
    this.ledger.decide(
      userDecider,
      userStream(customer.userId),
      { type: 'RenameUser', data: { userId: customer.userId, name: personName(this.random), now } },
      this.request(customer.userId, now),
    );
  }

  private changePassword(customer: Customer, now: string): void {
    this.ledger.decide(
      userDecider,
      userStream(customer.userId),
      {
        type: 'ChangePassword',
        data: {
          userId: customer.userId,
          newPassword: 'another horse 2',
          passwordHash: passwordHash(),
          now,
        },
      },
      this.request(customer.userId, now),
    );
  }

  // ---- catalog and stock -------------------------------------------------------------------

  private createProduct(now: string): void {
    const adjective = this.random.pick(ADJECTIVES);
    const text = productText(this.random, adjective);
    const productId = randomUUID();
    const sku = `${text.category.slice(0, 3).toUpperCase()}-${String(++this.skuCounter).padStart(6, '0')}`;
    const initialStock = this.random.int(10, 150);
    const cause = this.request(this.adminId, now);
    this.ledger.decide(
      claimDecider,
      claimStream('sku', sku),
      { type: 'ClaimKey', data: { key: sku, ownerId: productId, now } },
      cause,
    );
    this.ledger.forget(claimStream('sku', sku));
    this.ledger.decide(
      productDecider,
      productStream(productId),
      {
        type: 'CreateProduct',
        data: {
          productId,
          sku,
          ...text,
          priceCents: this.random.int(3, 250) * 100 - this.random.pick([1, 5, 10]),
          initialStock,
          now,
        },
      },
      cause,
    );
    const product: Product = { productId, adjective, restockPending: false };
    this.products.set(productId, product);
    // The inventory-opening process manager opens the stock record after the product's commit.
    this.at(1, (later) => {
      this.ledger.decide(
        inventoryDecider,
        inventoryStream(productId),
        { type: 'InitialiseInventory', data: { productId, sku, initialStock, now: later } },
        { ...cause, now: later },
      );
      this.orderable.push(product);
    });
  }

  /** A few admin edits per round, in proportion to the catalog's size. */
  private catalogUpkeep(): void {
    const per = (rate: number, run: (now: string) => void) => {
      let credit = this.plan.products * rate;
      while (credit >= 1 || this.random.chance(credit)) {
        this.at(0, run);
        credit -= 1;
      }
    };
    per(0.0005, (now) => this.changePrice(now));
    per(0.0002, (now) => this.updateDetails(now));
    per(0.00005, (now) => this.discontinue(now));
    per(0.0003, (now) => this.createProduct(now));
    per(0.0002, (now) => this.adjustStock(now));
    per(0.00005, (now) => this.changeThreshold(now));
  }

  private changePrice(now: string): void {
    const product = this.random.pick(this.orderable);
    const state = this.productState(product);
    if (state.status !== 'active') return;
    const factor = 1 + this.random.pick([-0.2, -0.1, -0.05, 0.05, 0.1, 0.15]);
    this.ledger.decide(
      productDecider,
      productStream(product.productId),
      {
        type: 'ChangeProductPrice',
        data: {
          productId: product.productId,
          priceCents: Math.max(99, Math.round(state.priceCents * factor)),
          now,
        },
      },
      this.request(this.adminId, now),
    );
  }

  private updateDetails(now: string): void {
    const product = this.random.pick(this.orderable);
    if (this.productState(product).status !== 'active') return;
    const text = productText(this.random, product.adjective);
    const change = this.random.weighted([
      [{ description: text.description }, 60],
      [{ name: text.name, description: text.description }, 30],
      [{ category: text.category }, 10],
    ] as const);
    this.ledger.decide(
      productDecider,
      productStream(product.productId),
      { type: 'UpdateProductDetails', data: { productId: product.productId, ...change, now } },
      this.request(this.adminId, now),
    );
  }

  private discontinue(now: string): void {
    if (this.orderable.length < 10) return;
    const index = Math.floor(this.random.next() * this.orderable.length);
    const [product] = this.orderable.splice(index, 1);
    this.ledger.decide(
      productDecider,
      productStream(product.productId),
      { type: 'DiscontinueProduct', data: { productId: product.productId, now } },
      this.request(this.adminId, now),
    );
  }

  private adjustStock(now: string): void {
    const product = this.random.pick(this.orderable);
    const stock = this.stock(product);
    if (stock.status !== 'tracked' || stock.onHand - stock.reserved < 3) return;
    const delta = -this.random.int(1, 2);
    this.decideStock(
      product,
      {
        type: 'AdjustStock',
        data: { productId: product.productId, delta, reason: 'damaged in the warehouse', now },
      },
      this.request(this.adminId, now),
    );
  }

  private changeThreshold(now: string): void {
    const product = this.random.pick(this.orderable);
    this.decideStock(
      product,
      {
        type: 'SetLowStockThreshold',
        data: { productId: product.productId, threshold: this.random.int(5, 40), now },
      },
      this.request(this.adminId, now),
    );
  }

  /** Restocking after a low-stock alert: the admin receives a delivery some rounds later. */
  private restock(product: Product, now: string): void {
    product.restockPending = false;
    this.decideStock(
      product,
      {
        type: 'ReceiveStock',
        data: { productId: product.productId, quantity: this.random.int(30, 200), now },
      },
      this.request(this.adminId, now),
    );
  }

  /** An inventory decision; a LowStockDetected among its events alerts and gets restocked. */
  private decideStock(
    product: Product,
    command: Parameters<typeof inventoryDecider.decide>[0],
    cause: Cause,
  ): { events: InventoryEvent[]; ids: string[] } {
    const { events, ids } = this.ledger.decide(
      inventoryDecider,
      inventoryStream(product.productId),
      command,
      cause,
    );
    events.forEach((event, i) => {
      if (event.type !== 'LowStockDetected') return;
      const subject = `Low stock: ${event.data.sku} (${event.data.available} left)`;
      this.at(1, (later) => this.notify(null, 'low-stock', subject, ids[i], later));
      if (!product.restockPending) {
        product.restockPending = true;
        // A delivery takes from an hour and a half to sixteen hours: a popular product sometimes
        // sells out first, and the saga rejects the orders it cannot fill (about 1% of them).
        this.at(this.random.int(6, 64), (later) => this.restock(product, later));
      }
    });
    return { events, ids };
  }

  // ---- orders ------------------------------------------------------------------------------

  private placeOrder(now: string): void {
    if (this.orderingCustomers.length === 0 || this.orderable.length === 0) return;
    // Early customers are the loyal ones: they order most.
    const customer = this.orderingCustomers[this.random.skewed(this.orderingCustomers.length, 2)];
    const user = this.ledger.state<UserState>(userStream(customer.userId));
    if (user?.status !== 'registered' || user.addresses.size === 0) return;
    if (this.random.chance(0.3)) this.startSession(customer.userId, now);

    const lineCount = this.random.weighted([
      [1, 50],
      [2, 30],
      [3, 15],
      [4, 5],
    ] as const);
    const picked = new Map<string, Product>();
    for (let tries = 0; picked.size < lineCount && tries < 20; tries++) {
      const product = this.orderable[this.random.skewed(this.orderable.length, 1.6)];
      picked.set(product.productId, product);
    }
    const lines: PlaceOrderLine[] = [...picked.values()].map((product) => {
      const state = this.productState(product);
      if (state.status === 'absent') throw new Error(`product ${product.productId} is absent`);
      return {
        productId: product.productId,
        productStatus: 'active',
        sku: state.sku,
        name: state.name,
        unitPriceCents: state.priceCents,
        quantity: this.random.weighted([
          [1, 70],
          [2, 20],
          [3, 10],
        ] as const),
      };
    });
    const addresses = [...user.addresses.values()];
    const shipTo = addresses[addresses.length === 1 ? 0 : this.random.int(0, addresses.length - 1)];
    const order: Order = {
      orderId: randomUUID(),
      customer,
      correlationId: randomUUID(),
      lines,
      reserved: [],
    };
    customer.orders += 1;
    const cause = {
      correlationId: order.correlationId,
      causationId: order.correlationId,
      userId: customer.userId,
      now,
    };
    const { ids } = this.ledger.decide(
      orderDecider,
      orderStream(order.orderId),
      {
        type: 'PlaceOrder',
        data: {
          orderId: order.orderId,
          customerId: customer.userId,
          lines,
          shippingAddress: shipTo,
          now,
        },
      },
      cause,
    );
    this.setOutcome(undefined, 'pending');
    this.at(1, (later) => this.reserve(order, ids[0], later));
  }

  /** The saga: hold every line's stock, then confirm (or reject) after the last reservation. */
  private reserve(order: Order, placedId: string, now: string): void {
    const short: ShortLine[] = [];
    let lastId = placedId;
    for (const line of order.lines) {
      const { events, ids } = this.decideStock(
        this.product(line.productId),
        {
          type: 'ReserveStock',
          data: { productId: line.productId, orderId: order.orderId, quantity: line.quantity, now },
        },
        this.reaction(order.correlationId, placedId, now),
      );
      events.forEach((event, i) => {
        if (event.type === 'StockReserved') {
          order.reserved.push(line.productId);
          lastId = ids[i];
        }
        if (event.type === 'StockReservationFailed') {
          const { productId, requested, available } = event.data;
          short.push({ productId, requested, available });
          lastId = ids[i];
        }
      });
    }
    this.at(1, (later) =>
      short.length > 0
        ? this.reject(order, short, lastId, later)
        : this.confirm(order, lastId, later),
    );
  }

  private confirm(order: Order, causeId: string, now: string): void {
    const reservationTtlSeconds = RESERVATION_TTL_MS / 1000;
    const reservationExpiresAt = new Date(Date.parse(now) + RESERVATION_TTL_MS).toISOString();
    const { ids } = this.decideOrder(
      order,
      { type: 'ConfirmOrder', data: { orderId: order.orderId, reservationTtlSeconds, now } },
      this.reaction(order.correlationId, causeId, now),
    );
    this.setOutcome('pending', 'confirmed');
    const subject = `Your order ${order.orderId.slice(0, 8)} is confirmed`;
    this.at(1, (later) => this.notify(order.customer, 'order-confirmed', subject, ids[0], later));
    const next = this.random.weighted([
      ['pay', 85],
      ['cancel', 5],
      ['expire', 10],
    ] as const);
    if (next === 'pay') this.at(1, (later) => this.pay(order, later));
    if (next === 'cancel') this.at(1, (later) => this.cancel(order, 'customer', later));
    if (next === 'expire') {
      this.at(3, (later) => this.expire(order, laterOf(later, reservationExpiresAt)));
    }
  }

  private reject(order: Order, shortLines: ShortLine[], causeId: string, now: string): void {
    const { ids } = this.decideOrder(
      order,
      {
        type: 'RejectOrder',
        data: { orderId: order.orderId, reason: 'insufficient stock', shortLines, now },
      },
      this.reaction(order.correlationId, causeId, now),
    );
    this.setOutcome('pending', 'rejected');
    const subject = `Your order ${order.orderId.slice(0, 8)} could not be accepted`;
    this.at(1, (later) => {
      this.release(order, 'order rejected', ids[0], later);
      this.notify(order.customer, 'order-rejected', subject, ids[0], later);
    });
  }

  private pay(order: Order, now: string): void {
    this.decideOrder(
      order,
      {
        type: 'PayOrder',
        data: {
          orderId: order.orderId,
          paymentReference: `pi_${randomHex(12)}`,
          actor: { userId: order.customer.userId, isAdmin: false },
          now,
        },
      },
      this.request(order.customer.userId, now),
    );
    this.setOutcome('confirmed', 'paid');
    if (this.random.chance(0.96)) {
      this.at(this.random.int(2, 16), (later) => this.ship(order, later));
    } else {
      this.at(this.random.int(1, 8), (later) => this.cancel(order, 'admin', later));
    }
  }

  private cancel(order: Order, by: 'customer' | 'admin', now: string): void {
    const state = this.ledger.state<OrderState>(orderStream(order.orderId));
    const from = state?.status === 'paid' ? 'paid' : 'confirmed';
    const { ids } = this.decideOrder(
      order,
      {
        type: 'CancelOrder',
        data: {
          orderId: order.orderId,
          actor:
            by === 'customer'
              ? { userId: order.customer.userId, isAdmin: false }
              : { userId: this.adminId, isAdmin: true },
          reason: by === 'customer' ? 'changed my mind' : 'payment refunded on request',
          now,
        },
      },
      this.request(by === 'customer' ? order.customer.userId : this.adminId, now),
    );
    this.setOutcome(from, 'cancelled');
    const subject = `Your order ${order.orderId.slice(0, 8)} was cancelled`;
    this.at(1, (later) => {
      this.release(order, 'order cancelled', ids[0], later);
      this.notify(order.customer, 'order-cancelled', subject, ids[0], later);
    });
  }

  private expire(order: Order, now: string): void {
    const { ids } = this.decideOrder(
      order,
      { type: 'ExpireOrder', data: { orderId: order.orderId, now } },
      this.request(null, now),
    );
    this.setOutcome('confirmed', 'expired');
    this.at(1, (later) => this.release(order, 'reservation expired', ids[0], later));
  }

  private ship(order: Order, now: string): void {
    const { ids } = this.decideOrder(
      order,
      {
        type: 'ShipOrder',
        data: { orderId: order.orderId, trackingNumber: `1Z${randomHex(8).toUpperCase()}`, now },
      },
      this.request(this.adminId, now),
    );
    this.setOutcome('paid', 'shipped');
    const subject = `Your order ${order.orderId.slice(0, 8)} is on its way`;
    this.at(1, (later) => {
      for (const productId of order.reserved) {
        this.decideStock(
          this.product(productId),
          { type: 'ShipReservation', data: { productId, orderId: order.orderId, now: later } },
          this.reaction(order.correlationId, ids[0], later),
        );
      }
      this.notify(order.customer, 'order-shipped', subject, ids[0], later);
    });
    if (this.random.chance(0.95)) {
      this.at(this.random.int(8, 96), (later) => this.deliver(order, later));
    }
  }

  private deliver(order: Order, now: string): void {
    this.decideOrder(
      order,
      { type: 'DeliverOrder', data: { orderId: order.orderId, now } },
      this.request(this.adminId, now),
    );
    this.setOutcome('shipped', 'delivered');
    this.ledger.forget(orderStream(order.orderId));
  }

  /** The saga gives back what it held for the order. */
  private release(order: Order, reason: string, causeId: string, now: string): void {
    for (const productId of order.reserved) {
      this.decideStock(
        this.product(productId),
        { type: 'ReleaseReservation', data: { productId, orderId: order.orderId, reason, now } },
        this.reaction(order.correlationId, causeId, now),
      );
    }
    order.reserved = [];
    this.ledger.forget(orderStream(order.orderId));
  }

  private decideOrder(
    order: Order,
    command: Parameters<typeof orderDecider.decide>[0],
    cause: Cause,
  ): { ids: string[] } {
    return this.ledger.decide(orderDecider, orderStream(order.orderId), command, cause);
  }

  private setOutcome(from: string | undefined, to: string): void {
    if (from) this.outcomes[from] -= 1;
    this.outcomes[to] = (this.outcomes[to] ?? 0) + 1;
  }

  // ---- notifications -----------------------------------------------------------------------

  /**
   * The dispatcher: one notification per trigger and recipient, then its attempts. Order mails
   * respect the customer's preferences; low-stock alerts go to the alert address (no user).
   */
  private notify(
    customer: Customer | null,
    template: NotificationTemplate,
    subject: string,
    triggerEventId: string,
    now: string,
  ): void {
    if (customer && template !== 'welcome') {
      const user = this.ledger.state<UserState>(userStream(customer.userId));
      if (user?.status === 'registered' && !user.notificationPreferences.orderUpdates) return;
    }
    const notificationId = randomUUID();
    const stream = notificationStream(notificationId);
    this.ledger.decide(
      notificationDecider,
      stream,
      {
        type: 'RequestNotification',
        data: {
          notificationId,
          template,
          to: customer?.email ?? ALERT_EMAIL,
          subject,
          userId: customer?.userId ?? null,
          triggerEventId,
          now,
        },
      },
      this.reaction(randomUUID(), triggerEventId, now),
    );
    this.at(1, (later) => this.attempt(notificationId, triggerEventId, 1, later));
  }

  private attempt(notificationId: string, triggerEventId: string, attempt: number, now: string) {
    const stream = notificationStream(notificationId);
    const cause = this.reaction(randomUUID(), triggerEventId, now);
    if (this.random.chance(0.03)) {
      const willRetry = attempt < 3;
      this.ledger.decide(
        notificationDecider,
        stream,
        {
          type: 'RecordAttemptFailed',
          data: {
            notificationId,
            attempt,
            error: '451 4.3.0 Temporary local problem, please try again later',
            willRetry,
            now,
          },
        },
        cause,
      );
      if (willRetry) {
        this.at(1, (later) => this.attempt(notificationId, triggerEventId, attempt + 1, later));
        return;
      }
    } else {
      this.ledger.decide(
        notificationDecider,
        stream,
        { type: 'RecordSent', data: { notificationId, attempt, now } },
        cause,
      );
    }
    this.ledger.forget(stream);
  }

  // ---- state lookups -----------------------------------------------------------------------

  private product(productId: string): Product {
    const product = this.products.get(productId);
    if (!product) throw new Error(`no product ${productId}`);
    return product;
  }

  private productState(product: Product): ProductState {
    return (
      this.ledger.state<ProductState>(productStream(product.productId)) ?? { status: 'absent' }
    );
  }

  private stock(product: Product): InventoryState {
    return (
      this.ledger.state<InventoryState>(inventoryStream(product.productId)) ?? {
        status: 'uninitialised',
      }
    );
  }
}

/**
 * The shape and length of a real scrypt hash (platform/auth/password-hash.ts), without paying
 * scrypt's ~33 ms per user: the bytes are random, and nothing ever verifies them.
 */
function passwordHash(): string {
  const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
  return `scrypt$N=16384,r=8,p=1$${b64(randomBytes(16))}$${b64(randomBytes(32))}`;
}

function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function laterOf(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
