import { type InventoryCommand } from '../../domain/inventory';
import { type OrderCommand } from '../../domain/order';
import { assertNever } from '../../domain/shared/decider';
import {
  isInputOf,
  type ManagerInput,
  type ManagerOutput,
  type ProcessManager,
  run,
} from '../runtime/process-manager';
import {
  allAnswered,
  initialState,
  type ReservationState,
  reservedLines,
  type SagaLine,
  shortLines,
} from './state';

const HANDLED = [
  'OrderPlaced',
  'StockReserved',
  'StockReservationFailed',
  'OrderConfirmed',
  'OrderPaid',
  'OrderRejected',
  'OrderCancelled',
  'OrderExpired',
  'OrderShipped',
] as const;

type Handled = ManagerInput<Extract<ManagerInput['event'], { type: (typeof HANDLED)[number] }>>;

export type ReservationSagaOptions = Readonly<{ reservationTtlSeconds: number }>;

/**
 * The order-reservation saga: one instance per order.
 * - OrderPlaced: reserve every line on its product's inventory stream (the inventory decider
 *   grants only what is available, at the revision it read, so nothing is oversold).
 * - Every line answered: all reserved → ConfirmOrder, holding the stock for the TTL; any line
 *   short → release what was reserved, then RejectOrder naming every short product. It waits for
 *   all answers (they are in flight together) so the reason is complete and the releases go out
 *   in one step.
 * - Cancelled or expired: release every line. Shipped: the reservations leave on-hand.
 * - A grant that arrives once the order no longer wants stock is released at once (SAGA.md 4).
 * - Answers for an order not seen yet are kept and used when OrderPlaced arrives (SAGA.md 3).
 */
export function createReservationSaga(
  options: ReservationSagaOptions,
): ProcessManager<ReservationState> {
  return {
    name: 'order-reservation',
    description: 'reserves each order line, then confirms or rejects; releases and ships stock',
    categories: ['order', 'inventory'],
    eventTypes: [...HANDLED],
    instanceOf: (input) => (isInputOf(input, ...HANDLED) ? input.event.data.orderId : null),
    initialState,
    decide: (input, state) => (isInputOf(input, ...HANDLED) ? decide(input, state, options) : []),
    evolve: (state, input) => (isInputOf(input, ...HANDLED) ? evolve(state, input) : state),
  };
}

function decide(
  input: Handled,
  state: ReservationState,
  options: ReservationSagaOptions,
): ManagerOutput[] {
  const { event, occurredAt } = input;
  const orderId = event.data.orderId;
  switch (event.type) {
    case 'OrderPlaced': {
      if (state.status !== 'unknown') return [];
      const next = evolve(state, input);
      const reserve = next.lines
        .filter((line) => state.outcomes[line.productId] === undefined)
        .map((line) =>
          inventory(`reserve:${line.productId}`, {
            type: 'ReserveStock',
            data: { productId: line.productId, orderId, quantity: line.quantity, now: occurredAt },
          }),
        );
      return [...reserve, ...settle(next, orderId, occurredAt, options)];
    }
    case 'StockReserved':
      // A grant nobody wants any more goes straight back.
      if (state.status === 'released') {
        return [release(orderId, event.data.productId, 'the order no longer needs it', occurredAt)];
      }
      return state.status === 'reserving'
        ? settle(evolve(state, input), orderId, occurredAt, options)
        : [];
    case 'StockReservationFailed':
      return state.status === 'reserving'
        ? settle(evolve(state, input), orderId, occurredAt, options)
        : [];
    case 'OrderRejected':
      // The saga released before it rejected; an order it did not follow gets released here.
      return state.status === 'rejecting'
        ? []
        : releaseAll(event.data.lines, orderId, 'order rejected', occurredAt);
    case 'OrderCancelled':
      return releaseAll(event.data.lines, orderId, 'order cancelled', occurredAt);
    case 'OrderExpired':
      return releaseAll(event.data.lines, orderId, 'order expired', occurredAt);
    case 'OrderShipped':
      return event.data.lines.map((line) =>
        inventory(`ship:${line.productId}`, {
          type: 'ShipReservation',
          data: { productId: line.productId, orderId, now: occurredAt },
        }),
      );
    case 'OrderConfirmed':
    case 'OrderPaid':
      return [];
    default:
      return assertNever(event);
  }
}

/** Once every line has its answer: confirm, or release what was reserved and reject. */
function settle(
  state: ReservationState,
  orderId: string,
  now: string,
  options: ReservationSagaOptions,
): ManagerOutput[] {
  if (!allAnswered(state)) return [];
  const short = shortLines(state);
  if (short.length === 0) {
    const { reservationTtlSeconds } = options;
    return [
      order('confirm', { type: 'ConfirmOrder', data: { orderId, reservationTtlSeconds, now } }),
    ];
  }
  const releases = reservedLines(state).map((line) =>
    release(orderId, line.productId, 'order rejected: another line was short', now),
  );
  const shortLinesData = short.map((line) => {
    const outcome = state.outcomes[line.productId];
    const available = outcome?.result === 'short' ? outcome.available : 0;
    return { productId: line.productId, requested: line.quantity, available };
  });
  return [
    ...releases,
    order('reject', {
      type: 'RejectOrder',
      data: { orderId, reason: rejectionReason(short, state), shortLines: shortLinesData, now },
    }),
  ];
}

/** "Not enough stock for Mug (MUG-1): 2 requested, 1 available; …", within the 500 allowed. */
export function rejectionReason(short: readonly SagaLine[], state: ReservationState): string {
  const parts = short.map((line) => {
    const outcome = state.outcomes[line.productId];
    const available = outcome?.result === 'short' ? outcome.available : 0;
    return `${line.name} (${line.sku}): ${line.quantity} requested, ${available} available`;
  });
  let reason = `Not enough stock for ${parts.join('; ')}`;
  for (let kept = parts.length - 1; reason.length > 500 && kept > 0; kept--) {
    reason = `Not enough stock for ${parts.slice(0, kept).join('; ')}; and ${parts.length - kept} more`;
  }
  return reason.slice(0, 500);
}

function evolve(state: ReservationState, input: Handled): ReservationState {
  const { event } = input;
  switch (event.type) {
    case 'OrderPlaced': {
      if (state.status !== 'unknown') return state;
      const lines = event.data.lines.map(({ productId, sku, name, quantity }) => ({
        productId,
        sku,
        name,
        quantity,
      }));
      return { ...state, status: settled({ ...state, lines, status: 'reserving' }), lines };
    }
    case 'StockReserved': {
      const { productId, quantity } = event.data;
      const next = withOutcome(state, productId, { result: 'reserved', quantity });
      return { ...next, status: settled(next) };
    }
    case 'StockReservationFailed': {
      const { productId, requested, available } = event.data;
      const next = withOutcome(state, productId, { result: 'short', requested, available });
      return { ...next, status: settled(next) };
    }
    case 'OrderConfirmed':
      return { ...state, status: 'confirmed' };
    case 'OrderPaid':
      return { ...state, status: 'paid' };
    case 'OrderRejected':
    case 'OrderCancelled':
    case 'OrderExpired':
      return { ...state, status: 'released' };
    case 'OrderShipped':
      return { ...state, status: 'shipped' };
    default:
      return assertNever(event);
  }
}

/** `reserving` turns into `confirming` or `rejecting` when the last answer arrives. */
function settled(state: ReservationState): ReservationState['status'] {
  if (state.status !== 'reserving' || !allAnswered(state)) return state.status;
  return shortLines(state).length === 0 ? 'confirming' : 'rejecting';
}

function withOutcome(
  state: ReservationState,
  productId: string,
  outcome: ReservationState['outcomes'][string],
): ReservationState {
  // The first answer stands: a repeated one (a replay after a reset) changes nothing.
  if (state.outcomes[productId] !== undefined) return state;
  return { ...state, outcomes: { ...state.outcomes, [productId]: outcome } };
}

function releaseAll(
  lines: readonly { productId: string }[],
  orderId: string,
  reason: string,
  now: string,
): ManagerOutput[] {
  return lines.map((line) => release(orderId, line.productId, reason, now));
}

function release(orderId: string, productId: string, reason: string, now: string): ManagerOutput {
  return inventory(`release:${productId}`, {
    type: 'ReleaseReservation',
    data: { productId, orderId, reason, now },
  });
}

function inventory(line: string, command: InventoryCommand): ManagerOutput {
  return run(line, { command: { aggregate: 'inventory', command } });
}

function order(line: string, command: OrderCommand): ManagerOutput {
  return run(line, { command: { aggregate: 'order', command } });
}
