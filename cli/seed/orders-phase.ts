import { type CreatedProduct } from './catalogue-phase';
import { type Customer } from './customers-phase';
import { type OrderFate, type PlannedOrder } from './demo-plan';
import { mapLimited } from './limited';
import { pollUntil } from './poll';
import { DECISION_TIMEOUT_MS, type SeedContext } from './seed-context';

/** Where seed left an order: the status the read API shows for it at the end of its steps. */
export type SeededOrder = Readonly<{ orderId: string; status: string; fate: OrderFate }>;

type Step = 'pay' | 'ship' | 'deliver' | 'cancel';

/** What seed does to a confirmed order, by its planned fate. */
const STEPS: Record<OrderFate, readonly Step[]> = {
  deliver: ['pay', 'ship', 'deliver'],
  ship: ['pay', 'ship'],
  pay: ['pay'],
  'leave-confirmed': [],
  cancel: ['cancel'],
  'cancel-after-pay': ['pay', 'cancel'],
  // Asked for more than there is: the saga rejects it; were it ever confirmed, it stays so.
  'over-stock': [],
};

/**
 * Each customer places their orders; the saga decides (confirmed or rejected), and seed reads
 * that decision back through the read API before acting on the order as its fate says: the
 * customer pays or cancels, the admin ships and delivers.
 */
export async function placeOrders(
  context: SeedContext,
  orders: readonly PlannedOrder[],
  customers: readonly Customer[],
  products: readonly CreatedProduct[],
  runTag: string,
): Promise<SeededOrder[]> {
  context.progress.start('placing orders', 'orders', orders.length);
  return mapLimited(orders, context.concurrency, async (planned, index) => {
    const customer = customers[planned.user];
    const { body: placed } = await context.write.call<{ orderId: string; position: string }>({
      method: 'POST',
      path: '/orders',
      token: await customer.session.token(),
      body: {
        lines: planned.lines.map(({ product, quantity }) => ({
          productId: products[product].productId,
          quantity,
        })),
        shippingAddressId: customer.addressIds[index % customer.addressIds.length],
      },
    });
    const { orderId } = placed;
    let status = await decision(context, customer, orderId, placed.position);
    if (status === 'confirmed') {
      const reference = `${runTag}-${index + 1}`;
      for (const step of STEPS[planned.fate]) {
        const done = await take(context, customer, orderId, step, reference);
        status = done ?? (await statusOf(context, customer, orderId)) ?? 'unknown';
        if (!done) break;
      }
    }
    context.progress.advance();
    return { orderId, status, fate: planned.fate };
  });
}

/** The saga's answer: polls the order until it is no longer pending. */
async function decision(
  context: SeedContext,
  customer: Customer,
  orderId: string,
  position: string,
): Promise<string> {
  return pollUntil(
    `the saga's decision on order ${orderId}`,
    async () => {
      const status = await statusOf(context, customer, orderId, position);
      return status === 'pending' || status === undefined ? undefined : status;
    },
    DECISION_TIMEOUT_MS,
  );
}

/**
 * One step; answers the new status, or undefined when the order had moved on (409: it expired
 * under a short RESERVATION_TTL_SECONDS, say), so the caller reads where it is instead.
 */
async function take(
  context: SeedContext,
  customer: Customer,
  orderId: string,
  step: Step,
  reference: string,
): Promise<string | undefined> {
  const byAdmin = step === 'ship' || step === 'deliver';
  const bodies: Record<Step, object> = {
    pay: { paymentReference: `DEMO-PAY-${reference}` },
    ship: { trackingNumber: `DEMO-TRK-${reference}` },
    deliver: {},
    cancel: { reason: 'Changed my mind (demo data)' },
  };
  const answer = await context.write.call<{ status?: string }>({
    method: 'POST',
    path: `/orders/${orderId}/${step}`,
    token: await (byAdmin ? context.admin : customer.session).token(),
    body: bodies[step],
    accept: [200, 409],
  });
  if (answer.status === 409) return undefined;
  return answer.body.status ?? DONE_STATUS[step];
}

const DONE_STATUS: Record<Step, string> = {
  pay: 'paid',
  ship: 'shipped',
  deliver: 'delivered',
  cancel: 'cancelled',
};

/** The order's status in the read API (undefined until the order shows there at all). */
async function statusOf(
  context: SeedContext,
  customer: Customer,
  orderId: string,
  minPosition?: string,
): Promise<string | undefined> {
  const answer = await context.read.call<{ status: string }>({
    method: 'GET',
    path: `/orders/${orderId}`,
    token: await customer.session.token(),
    accept: [200, 404],
    headers: minPosition ? { 'x-min-position': minPosition } : undefined,
  });
  return answer.status === 200 ? answer.body.status : undefined;
}
