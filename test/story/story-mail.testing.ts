import { type Apis, type Customer, eventually, settled } from '../saga/shop-client.testing';
import { type StoryTarget } from './shopstream-story.testing';
import { CATALOG, type StoryProducts } from './story-catalog.testing';

type StoryOrders = Readonly<{
  delivered: string;
  rejected: string;
  cancelled: string;
  expired: string;
}>;

/** The subjects SPEC's notification table calls for, as the mails word them. */
const ORDER_MAIL_SUBJECTS = {
  confirmed: (orderId: string) => `Order ${orderId} is confirmed`,
  rejected: (orderId: string) => `Order ${orderId} could not be accepted`,
  shipped: (orderId: string) => `Order ${orderId} has shipped`,
  cancelled: (orderId: string) => `Order ${orderId} was cancelled`,
  expired: (orderId: string) => `Order ${orderId} has expired`,
};

/**
 * Once every mail of the story is in and nothing more comes: each mailbox holds exactly what the
 * SPEC's notification table calls for, the confirmation lists its lines and total, and the
 * notifications read model shows each mail sent.
 */
export async function expectStoryMails(
  apis: Apis,
  target: StoryTarget,
  { ann, bob }: Readonly<{ ann: Customer; bob: Customer }>,
  orders: StoryOrders,
  products: StoryProducts,
): Promise<void> {
  const expected = expectedMailboxes(ann, bob, orders, products.teapot.sku);
  await eventually(
    'every mail of the story',
    async () => (await target.mailsTo(ann.email)).length >= expected.ann.length,
    60_000,
  );
  expect(await settled('the mailboxes', () => mailboxes(target, ann.email, bob.email))).toEqual(
    expected,
  );

  const confirmation = (await target.mailsTo(ann.email)).find(
    (mail) => mail.subject === ORDER_MAIL_SUBJECTS.confirmed(orders.delivered),
  );
  expect(confirmation?.text).toContain(`2 × ${CATALOG.mug.name} (${products.mug.sku}): 30.00`);
  expect(confirmation?.text).toContain('39.00');

  for (const [customer, count] of [
    [ann, expected.ann.length],
    [bob, expected.bob.length],
  ] as const) {
    await eventually(`the notifications of ${customer.email} to show every mail sent`, async () => {
      const mine = await apis.read('GET', '/notifications?limit=100', { token: customer.token });
      const items = (mine.body?.items ?? []) as { status: string }[];
      return items.length === count && items.every((item) => item.status === 'sent');
    });
  }
}

export type Mailboxes = Readonly<{ ann: string[]; bob: string[]; alerts: string[] }>;

/** The sorted subjects each of the story's recipients holds: duplicates would show. */
export async function mailboxes(
  target: StoryTarget,
  annEmail: string,
  bobEmail: string,
): Promise<Mailboxes> {
  const subjects = async (address: string) =>
    (await target.mailsTo(address)).map((mail) => mail.subject).sort();
  return {
    ann: await subjects(annEmail),
    bob: await subjects(bobEmail),
    alerts: await subjects(target.alertEmail),
  };
}

/**
 * One mail per trigger per recipient: Ann a welcome and every order update (confirmations of the
 * three orders that got stock, the shipping, the rejection, the cancellation and the expiry; a
 * delivery sends none); Bob, with order updates off, the welcome alone; the alert address one
 * low-stock mail for the teapot's single fall to its threshold.
 */
function expectedMailboxes(
  ann: Customer,
  bob: Customer,
  orders: StoryOrders,
  teapotSku: string,
): Mailboxes {
  const subject = ORDER_MAIL_SUBJECTS;
  return {
    ann: [
      welcome(ann),
      subject.confirmed(orders.delivered),
      subject.shipped(orders.delivered),
      subject.rejected(orders.rejected),
      subject.confirmed(orders.cancelled),
      subject.cancelled(orders.cancelled),
      subject.confirmed(orders.expired),
      subject.expired(orders.expired),
    ].sort(),
    bob: [welcome(bob)],
    alerts: [`Low stock: ${teapotSku} (1 left)`],
  };
}

function welcome(customer: Customer): string {
  return `Welcome to Shopstream, ${customer.name}`;
}
