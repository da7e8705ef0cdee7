import { type DomainEvent } from '../../domain/event-schemas';
import { type RequestNotification } from '../../domain/notification';
import {
  type OrderCancelled,
  type OrderShipped,
  type OrderState,
  orderDecider,
} from '../../domain/order';
import { fold } from '../../domain/shared/decider';
import { type UserEvent, type UserState, userDecider, userEventSchemas } from '../../domain/user';
import { inputOf, specForManager } from '../runtime/manager-specification';
import {
  type Lookups,
  type ManagerInput,
  type ManagerOutput,
  run,
} from '../runtime/process-manager';
import { createNotificationDispatch, notificationIdFor } from './dispatch';
import {
  at,
  cancelled,
  confirmed,
  cup,
  expired,
  lines,
  lowStock,
  order,
  orderUpdates,
  registered,
  rejected,
  shipped,
} from './fixtures.testing';

const dispatch = createNotificationDispatch({ alertEmail: 'ops@example.com' });
const given = specForManager(dispatch);
const input = <E extends DomainEvent>(event: E) => inputOf(event, { occurredAt: at });
const ann = (...later: UserEvent[]): UserState => fold(userDecider, [registered, ...later]);
/** The order as its stream stood when it was confirmed: placed with `lines`. */
const placedOrder = (): OrderState =>
  fold(orderDecider, [
    {
      type: 'OrderPlaced',
      data: {
        ...order,
        lines,
        totalCents: lines.reduce((sum, l) => sum + l.lineTotalCents, 0),
        shippingAddress: { line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
        placedAt: at,
      },
    },
  ]);

/** The one RequestNotification a reaction asks for (and that it asks for exactly one). */
function requested(outputs: ManagerOutput[]): RequestNotification['data'] {
  expect(outputs).toHaveLength(1);
  const [output] = outputs;
  if (output.type !== 'run' || !('command' in output.action)) throw new Error('not a command');
  const { aggregate, command } = output.action.command;
  expect(aggregate).toBe('notification');
  if (command.type !== 'RequestNotification') throw new Error(`not a request: ${command.type}`);
  expect(output.line).toBe(`request:${command.data.notificationId}`);
  return command.data;
}

/** Stateless: there is never anything given, only the trigger and its lookups. */
const decide = (trigger: ManagerInput, lookups: Lookups = {}) =>
  given([]).when(trigger, lookups).outputs();

/** The output that requests this notification. */
const request = (data: RequestNotification['data']): ManagerOutput =>
  run(`request:${data.notificationId}`, {
    command: { aggregate: 'notification', command: { type: 'RequestNotification', data } },
  });

describe('notification dispatch', () => {
  it('is stateless: each event is an instance of its own', () => {
    const trigger = input(confirmed);
    expect(dispatch.instanceOf(trigger)).toBe(trigger.eventId);
    expect(dispatch.initialState()).toBeNull();
    expect(dispatch.evolve(null, trigger)).toBeNull();
    expect(dispatch.categories).toEqual(['user', 'order', 'inventory', 'notification']);
  });

  describe('UserRegistered', () => {
    it('welcomes the user, whatever the preferences (transactional)', () => {
      const trigger = input(registered);
      given([])
        .when(trigger)
        .then([
          request({
            notificationId: notificationIdFor(trigger.eventId, 'welcome', 'Ann@Example.com'),
            template: 'welcome',
            to: 'Ann@Example.com',
            subject: 'Welcome to Shopstream, Ann',
            variables: { name: 'Ann', email: 'Ann@Example.com' },
            userId: 'u-1',
            triggerEventId: trigger.eventId,
            now: at,
          }),
        ]);
      expect(dispatch.lookups?.(trigger)).toEqual({});
    });
  });

  describe('order events', () => {
    it('ask for the customer as of the trigger', () => {
      expect(dispatch.lookups?.(input(shipped))).toEqual({ user: 'u-1' });
    });

    it('confirm the order to the customer with its lines, total and payment deadline', () => {
      expect(dispatch.lookups?.(input(confirmed))).toEqual({ user: 'u-1', order: 'o-1' });
      const order = placedOrder();
      const data = requested(decide(input(confirmed), { user: ann(), order }));
      expect(data).toMatchObject({
        template: 'order-confirmed',
        to: 'Ann@Example.com',
        userId: 'u-1',
        subject: 'Order o-1 is confirmed',
        variables: {
          name: 'Ann',
          orderId: 'o-1',
          payBefore: '2025-06-01 09:15 UTC',
          lines: '2 × Espresso cup (CUP-1): 25.00\n1 × Saucer (SAU-9): 3.99',
          total: '28.99',
        },
      });
    });

    it('explain a rejection with the lines that were short', () => {
      const data = requested(decide(input(rejected), { user: ann() }));
      expect(data).toMatchObject({
        template: 'order-rejected',
        subject: 'Order o-1 could not be accepted',
        variables: {
          name: 'Ann',
          orderId: 'o-1',
          reason: 'insufficient stock',
          shortLines: 'Espresso cup (CUP-1): 2 ordered, 1 available',
        },
      });
    });

    it('announce a shipment with tracking, lines and the total from cents', () => {
      const data = requested(decide(input(shipped), { user: ann() }));
      expect(data).toMatchObject({
        template: 'order-shipped',
        subject: 'Order o-1 has shipped',
        variables: {
          tracking: 'Tracking number: TRK-42',
          lines: '2 × Espresso cup (CUP-1): 25.00\n1 × Saucer (SAU-9): 3.99',
          total: '28.99',
        },
      });
      const untracked: OrderShipped = {
        ...shipped,
        data: { ...shipped.data, trackingNumber: undefined },
      };
      expect(requested(decide(input(untracked), { user: ann() })).variables).toMatchObject({
        tracking: 'This shipment has no tracking number.',
      });
    });

    it('use order-cancelled for a cancellation and for an expiry, saying which', () => {
      const byCustomer = requested(decide(input(cancelled), { user: ann() }));
      expect(byCustomer).toMatchObject({
        template: 'order-cancelled',
        subject: 'Order o-1 was cancelled',
        variables: { why: 'You cancelled it.', total: '28.99' },
      });
      const byAdmin: OrderCancelled = {
        ...cancelled,
        data: { ...cancelled.data, cancelledBy: 'admin', reason: 'out of business' },
      };
      expect(requested(decide(input(byAdmin), { user: ann() })).variables).toMatchObject({
        why: 'We cancelled it. Reason: out of business',
      });
      const lapsed = requested(decide(input(expired), { user: ann() }));
      expect(lapsed).toMatchObject({
        template: 'order-cancelled',
        subject: 'Order o-1 has expired',
        variables: {
          why: 'It was not paid by 2025-06-01 09:15 UTC, so it expired and its items were released.',
        },
      });
    });

    describe('follow orderUpdates as it stood at the trigger’s position in $all', () => {
      // The runtime reads the user as of the trigger's position; here that is the fold of the
      // user events before it, in one timeline.
      const timeline = (...events: DomainEvent[]) => events.map((event) => input(event));
      const userAsOf = (trigger: ManagerInput, all: ManagerInput[]): UserState =>
        fold(
          userDecider,
          all
            .filter((i) => i.position < trigger.position && i.event.type in userEventSchemas)
            .map((i) => i.event as UserEvent),
        );

      it.each([
        ['on (the default)', [registered, confirmed], 1],
        ['turned off before the trigger', [registered, orderUpdates(false), confirmed], 0],
        ['turned off just after the trigger', [registered, confirmed, orderUpdates(false)], 1],
        [
          'off, then on again before it',
          [registered, orderUpdates(false), orderUpdates(true), confirmed],
          1,
        ],
        [
          'on, then turned off after it',
          [registered, orderUpdates(true), confirmed, orderUpdates(false)],
          1,
        ],
      ] as const)('%s', (_, events, mails) => {
        const all = timeline(...events);
        const trigger = all.find((i) => i.event.type === 'OrderConfirmed')!;
        expect(decide(trigger, { user: userAsOf(trigger, all) })).toHaveLength(mails);
      });

      it.each([confirmed, rejected, shipped, cancelled, expired])(
        'sends nothing for $type when it is off',
        (event) => {
          given([])
            .when(input(event), { user: ann(orderUpdates(false)) })
            .thenNothingHappens();
        },
      );
    });

    it('send nothing when the customer is unknown', () => {
      given([]).when(input(confirmed)).thenNothingHappens();
      given([]).when(input(confirmed), { user: userDecider.initialState() }).thenNothingHappens();
    });
  });

  describe('LowStockDetected', () => {
    it('alerts the configured address, naming the product as of the trigger', () => {
      const trigger = input(lowStock);
      expect(dispatch.lookups?.(trigger)).toEqual({ product: 'p-1' });
      given([])
        .when(trigger, { product: cup })
        .then([
          request({
            notificationId: notificationIdFor(trigger.eventId, 'low-stock', 'ops@example.com'),
            template: 'low-stock',
            to: 'ops@example.com',
            subject: 'Low stock: CUP-1 (2 left)',
            variables: {
              productName: 'Espresso cup',
              sku: 'CUP-1',
              productId: 'p-1',
              available: '2',
              threshold: '5',
            },
            userId: null,
            triggerEventId: trigger.eventId,
            now: at,
          }),
        ]);
    });

    it('names the product by its SKU when the catalogue does not know it', () => {
      const data = requested(decide(input(lowStock), { product: { status: 'absent' } }));
      expect(data.variables).toMatchObject({ productName: 'CUP-1' });
    });

    it('sends nothing without an alert address', () => {
      specForManager(createNotificationDispatch({}))([])
        .when(input(lowStock), { product: cup })
        .thenNothingHappens();
    });
  });

  describe('NotificationRequested', () => {
    it('schedules the send, due now', () => {
      const trigger = input({
        type: 'NotificationRequested',
        data: {
          notificationId: 'n-1',
          template: 'welcome',
          to: 'ann@example.com',
          subject: 'Welcome',
          variables: {},
          userId: 'u-1',
          triggerEventId: 'e-1',
          requestedAt: at,
        },
      });
      given([])
        .when(trigger)
        .then([run('send', { effect: { type: 'send-notification', notificationId: 'n-1' } })]);
    });
  });

  describe('notification ids', () => {
    it('are the same for the same trigger and recipient, however often it is decided', () => {
      const trigger = input(shipped);
      const first = requested(decide(trigger, { user: ann() }));
      const again = requested(createNotificationDispatch().decide(trigger, null, { user: ann() }));
      expect(again).toEqual(first);
      expect(first.notificationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
    });

    it('differ per trigger, template and recipient, not by the address’s case', () => {
      const id = notificationIdFor('e-1', 'order-shipped', 'ann@example.com');
      expect(notificationIdFor('e-1', 'order-shipped', ' Ann@Example.COM')).toBe(id);
      expect(notificationIdFor('e-2', 'order-shipped', 'ann@example.com')).not.toBe(id);
      expect(notificationIdFor('e-1', 'welcome', 'ann@example.com')).not.toBe(id);
      expect(notificationIdFor('e-1', 'order-shipped', 'bob@example.com')).not.toBe(id);
    });
  });

  it('ignores events it does not handle', () => {
    const paid = input({
      type: 'OrderPaid',
      data: { ...order, paymentReference: 'pay-1', lines, totalCents: 2899, paidAt: at },
    });
    expect(dispatch.eventTypes).not.toContain('OrderPaid');
    expect(dispatch.instanceOf(paid)).toBeNull();
    given([]).when(paid, { user: ann() }).thenNothingHappens();
  });
});
