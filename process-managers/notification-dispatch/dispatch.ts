import { type DomainEvent } from '../../domain/event-schemas';
import { type NotificationCommand } from '../../domain/notification';
import { type OrderLine } from '../../domain/order';
import { derivedEventId } from '../../platform/commands/event-ids';
import {
  type Lookups,
  type LookupRequest,
  type ManagerInput,
  type ManagerOutput,
  type ProcessManager,
  isInputOf,
  run,
} from '../runtime/process-manager';
import {
  type MailContent,
  lowStockMail,
  orderCancelledMail,
  orderConfirmedMail,
  orderRejectedMail,
  orderShippedMail,
  welcomeMail,
} from './mail-content';

export type NotificationDispatchOptions = Readonly<{
  /** Where low-stock alerts go (ALERT_EMAIL, else ADMIN_EMAIL); none: no alerts are sent. */
  alertEmail?: string;
}>;

const orderEvents = [
  'OrderConfirmed',
  'OrderRejected',
  'OrderShipped',
  'OrderCancelled',
  'OrderExpired',
] as const;

/** A mail due for one trigger: to whom, and what it says. */
type Mail = { to: string; userId: string | null; content: MailContent };

/**
 * The notification dispatcher (SPEC "Notifications"). Stateless: each trigger is an instance of
 * its own and is decided from the event and the lookups alone.
 *
 * - A trigger becomes at most one RequestNotification per recipient, under an id derived from
 *   (trigger event, template, recipient): a redelivered trigger requests the same notification,
 *   which the notification decider answers with nothing.
 * - Order mails go out only if the customer's `orderUpdates` was on as of the trigger's position
 *   in `$all` (lookups are read there): a preference change after the trigger does not undo it,
 *   one before it does, however late the dispatcher runs.
 * - NotificationRequested, read back from the notification stream, schedules the send effect
 *   (./send-notification.ts), so the intent is stored before any mail leaves.
 */
export function createNotificationDispatch(
  options: NotificationDispatchOptions = {},
): ProcessManager<null> {
  const mailFor = (input: ManagerInput, lookups: Lookups): Mail | null => {
    if (isInputOf(input, 'UserRegistered')) {
      // Transactional: sent whatever the preferences say.
      const { userId, email, name } = input.event.data;
      return { to: email, userId, content: welcomeMail({ name, email }) };
    }
    if (isInputOf(input, ...orderEvents)) {
      const user = lookups.user;
      if (user?.status !== 'registered' || !user.notificationPreferences.orderUpdates) return null;
      const customer = { name: user.name };
      const { event } = input;
      const content =
        event.type === 'OrderConfirmed'
          ? orderConfirmedMail(customer, event.data, linesOf(lookups))
          : event.type === 'OrderRejected'
            ? orderRejectedMail(customer, event.data)
            : event.type === 'OrderShipped'
              ? orderShippedMail(customer, event.data)
              : orderCancelledMail(customer, event);
      return { to: user.email, userId: user.userId, content };
    }
    if (isInputOf(input, 'LowStockDetected')) {
      if (!options.alertEmail) return null;
      const product = lookups.product;
      const productName = product && product.status !== 'absent' ? product.name : undefined;
      return {
        to: options.alertEmail,
        userId: null,
        content: lowStockMail(input.event.data, productName),
      };
    }
    return null;
  };

  const eventTypes: readonly DomainEvent['type'][] = [
    'UserRegistered',
    ...orderEvents,
    'LowStockDetected',
    'NotificationRequested',
  ];

  return {
    name: 'notification-dispatch',
    description: 'one mail per trigger and recipient: requested first, then sent with retries',
    categories: ['user', 'order', 'inventory', 'notification'],
    eventTypes,
    instanceOf: (input) => (eventTypes.includes(input.event.type) ? input.eventId : null),
    initialState: () => null,
    lookups(input): LookupRequest {
      if (isInputOf(input, 'OrderConfirmed')) {
        // The only order event that does not repeat the lines; the order stream has them.
        const { customerId, orderId } = input.event.data;
        return { user: customerId, order: orderId };
      }
      if (isInputOf(input, ...orderEvents)) return { user: input.event.data.customerId };
      if (isInputOf(input, 'LowStockDetected')) return { product: input.event.data.productId };
      return {};
    },
    decide(input, _state, lookups): ManagerOutput[] {
      if (isInputOf(input, 'NotificationRequested')) {
        const { notificationId } = input.event.data;
        return [run('send', { effect: { type: 'send-notification', notificationId } })];
      }
      const mail = mailFor(input, lookups);
      if (!mail) return [];
      const notificationId = notificationIdFor(input.eventId, mail.content.template, mail.to);
      const command: NotificationCommand = {
        type: 'RequestNotification',
        data: {
          notificationId,
          template: mail.content.template,
          to: mail.to,
          subject: mail.content.subject,
          variables: mail.content.variables,
          userId: mail.userId,
          triggerEventId: input.eventId,
          now: input.occurredAt,
        },
      };
      return [
        run(`request:${notificationId}`, { command: { aggregate: 'notification', command } }),
      ];
    },
    evolve: (state) => state,
  };
}

/** One trigger, template and recipient: one notification, whoever decides it and how often. */
export function notificationIdFor(triggerEventId: string, template: string, to: string): string {
  return derivedEventId(`notification/${triggerEventId}/${template}/${to.trim().toLowerCase()}`, 0);
}

function linesOf(lookups: Lookups): readonly OrderLine[] {
  return lookups.order && lookups.order.status !== 'absent' ? lookups.order.lines : [];
}
