/** Far beyond any warehouse, far below unsafe integers: sums of quantities stay exact. */
export const MAX_QUANTITY = 1_000_000_000;
export const REASON_MAX_LENGTH = 500;

/** SPEC: 10% of the initial stock, at least 5. */
export function defaultLowStockThreshold(initialStock: number): number {
  return Math.max(5, Math.ceil(initialStock / 10));
}
