import { type Customer } from '../saga/shop-client.testing';
import { type StoryTarget } from './shopstream-story.testing';

/** The subjects SPEC's notification table calls for, as the mails word them. */
export const ORDER_MAIL_SUBJECTS = {
  confirmed: (orderId: string) => `Order ${orderId} is confirmed`,
  rejected: (orderId: string) => `Order ${orderId} could not be accepted`,
  shipped: (orderId: string) => `Order ${orderId} has shipped`,
  cancelled: (orderId: string) => `Order ${orderId} was cancelled`,
  expired: (orderId: string) => `Order ${orderId} has expired`,
};

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
export function expectedMailboxes(
  ann: Customer,
  bob: Customer,
  orders: Readonly<{ delivered: string; rejected: string; cancelled: string; expired: string }>,
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
