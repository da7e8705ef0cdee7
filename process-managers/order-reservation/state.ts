import { type OrderLine } from '../../domain/order';

/** What one line's reservation came to, as the inventory said. */
export type LineOutcome =
  | Readonly<{ result: 'reserved'; quantity: number }>
  | Readonly<{ result: 'short'; requested: number; available: number }>;

/**
 * One order's reservation, as the saga knows it (JSON: it is stored as is).
 * - `unknown`: no OrderPlaced seen yet. Inventory answers that arrive first (topics interleave)
 *   are kept in `outcomes` and used once the order appears.
 * - `reserving`: every line was asked for; waiting for the answers.
 * - `confirming` / `rejecting`: all answers in; ConfirmOrder, or releases then RejectOrder, sent.
 * - `confirmed` / `paid`: the order holds its stock.
 * - `released`: rejected, cancelled or expired: the stock went back, and any grant that still
 *   arrives is given back too.
 * - `shipped`: the stock left on-hand. Nothing more to do.
 */
export type SagaStatus =
  | 'unknown'
  | 'reserving'
  | 'confirming'
  | 'rejecting'
  | 'confirmed'
  | 'paid'
  | 'released'
  | 'shipped';

export type SagaLine = Pick<OrderLine, 'productId' | 'sku' | 'name' | 'quantity'>;

export type ReservationState = Readonly<{
  status: SagaStatus;
  lines: readonly SagaLine[];
  /** Keyed by productId. */
  outcomes: Readonly<Record<string, LineOutcome>>;
}>;

export const initialState = (): ReservationState => ({
  status: 'unknown',
  lines: [],
  outcomes: {},
});

/** Every line has its answer from the inventory. */
export function allAnswered(state: ReservationState): boolean {
  return state.lines.every((line) => state.outcomes[line.productId] !== undefined);
}

export function shortLines(state: ReservationState): SagaLine[] {
  return state.lines.filter((line) => state.outcomes[line.productId]?.result === 'short');
}

export function reservedLines(state: ReservationState): SagaLine[] {
  return state.lines.filter((line) => state.outcomes[line.productId]?.result === 'reserved');
}
