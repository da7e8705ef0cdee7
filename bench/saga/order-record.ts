/** What the benchmark's client knows of one order, and its clock. */

/** Epoch milliseconds with a fraction: comparable with event times and PostgreSQL's now(). */
export const now = (): number => performance.timeOrigin + performance.now();

export type Outcome = 'placing' | 'pending' | 'confirmed' | 'rejected' | 'failed' | 'lost';

/** One order's life as the client saw it; every time is epoch ms (see `now`). */
export type OrderRecord = {
  intendedAt: number;
  sentAt: number;
  respondedAt?: number;
  orderId?: string;
  customer: number;
  lines: number;
  outcome: Outcome;
  /** The sweep answer that first listed it `confirmed` (or `rejected`). */
  seenAt?: number;
  /** How much later than the change it can have been seen (since the sweep before). */
  resolutionMs?: number;
  /** Sampled orders only: also polled one by one with GET /orders/{id}. */
  control?: { seenAt?: number; polls: number };
  error?: string;
};
