import fc from 'fast-check';
import { DomainError } from '../shared/errors';
import { admin, owner, placeOrder, stranger } from './fixtures.spec';
import {
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  type OrderStatus,
  allowedTransitions,
  isTerminal,
  orderDecider,
  orderStatuses,
} from './index';

const orderId = 'o-1';
const instant = fc.constantFrom(
  '2025-05-01T10:00:00.000Z',
  '2025-05-01T10:15:00.000Z',
  '2025-05-01T10:30:00.000Z',
);
/** The customer, an admin, and a stranger: every decision on who may act is exercised. */
const actor = fc.constantFrom(owner, admin, stranger);

const command: fc.Arbitrary<OrderCommand> = fc.oneof(
  fc.constant(placeOrder()),
  fc.constant(placeOrder({ lines: [] })),
  fc.tuple(fc.constantFrom(60, 900), instant).map(([reservationTtlSeconds, now]) => ({
    type: 'ConfirmOrder' as const,
    data: { orderId, reservationTtlSeconds, now },
  })),
  instant.map((now) => ({
    type: 'RejectOrder' as const,
    data: { orderId, reason: 'insufficient stock', now },
  })),
  fc.tuple(actor, instant).map(([actor, now]) => ({
    type: 'PayOrder' as const,
    data: { orderId, paymentReference: 'p', actor, now },
  })),
  fc.tuple(actor, instant).map(([actor, now]) => ({
    type: 'CancelOrder' as const,
    data: { orderId, actor, now },
  })),
  instant.map((now) => ({ type: 'ExpireOrder' as const, data: { orderId, now } })),
  instant.map((now) => ({ type: 'ShipOrder' as const, data: { orderId, now } })),
  instant.map((now) => ({ type: 'DeliverOrder' as const, data: { orderId, now } })),
);

/** A prefix of the happy path gets deep states (shipped, delivered) visited often. */
const happyPath: OrderCommand[] = [
  placeOrder(),
  {
    type: 'ConfirmOrder',
    data: {
      orderId,
      reservationTtlSeconds: 900,
      now: '2025-05-01T10:00:00.000Z',
    },
  },
  {
    type: 'PayOrder',
    data: {
      orderId,
      paymentReference: 'p',
      actor: owner,
      now: '2025-05-01T10:05:00.000Z',
    },
  },
  { type: 'ShipOrder', data: { orderId, now: '2025-05-01T11:00:00.000Z' } },
];
const commands = fc
  .tuple(fc.integer({ min: 0, max: happyPath.length }), fc.array(command, { maxLength: 30 }))
  .map(([prefix, rest]) => [...happyPath.slice(0, prefix), ...rest]);

type Transition = `${OrderStatus | 'absent'}->${OrderStatus}`;

/** Runs the commands; a DomainError is a rejected command, anything else is a bug. */
function transitionsOf(commands: OrderCommand[]): Transition[] {
  const seen: Transition[] = [];
  let state: OrderState = orderDecider.initialState();
  for (const c of commands) {
    let events: OrderEvent[];
    try {
      events = orderDecider.decide(c, state);
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    if (state.status !== 'absent' && isTerminal(state.status) && events.length > 0) {
      throw new Error(`terminal ${state.status} order changed by ${c.type}`);
    }
    for (const event of events) {
      const next = orderDecider.evolve(state, event);
      seen.push(`${state.status}->${next.status as OrderStatus}`);
      state = next;
    }
  }
  return seen;
}

const legal = new Set<Transition>([
  'absent->pending',
  ...orderStatuses.flatMap((from) =>
    allowedTransitions[from].map((to): Transition => `${from}->${to}`),
  ),
]);

describe('Order life cycle under any command sequence', () => {
  it('only ever follows allowedTransitions, and terminal orders never change', () => {
    const observed = new Set<Transition>();
    fc.assert(
      fc.property(commands, (cs) => {
        for (const transition of transitionsOf(cs)) {
          expect(legal).toContain(transition);
          observed.add(transition);
        }
      }),
      { numRuns: 2000 },
    );
    // Guards the generator: a property that never reaches an edge proves nothing about it.
    expect([...observed].sort()).toEqual([...legal].sort());
  });

  it('matches the SPEC graph exactly', () => {
    expect(allowedTransitions).toEqual({
      pending: ['confirmed', 'rejected'],
      confirmed: ['paid', 'cancelled', 'expired'],
      paid: ['shipped', 'cancelled'],
      shipped: ['delivered'],
      rejected: [],
      cancelled: [],
      expired: [],
      delivered: [],
    });
  });
});
