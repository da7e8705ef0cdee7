import { type OrderLine } from '../../domain/order';

/**
 * How mails show numbers, times and order lines. Money is integer minor units in one currency
 * per deployment (SPEC), so an amount is shown as major units with two decimals and no symbol.
 */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** `2025-06-01T09:15:30.000Z` -> `2025-06-01 09:15 UTC`: unambiguous for any reader. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${iso}`);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** One line per order line: `2 × Espresso cup (CUP-1): 25.00`. */
export function formatLines(lines: readonly OrderLine[]): string {
  return lines
    .map(
      (line) =>
        `${line.quantity} × ${line.name} (${line.sku}): ${formatCents(line.lineTotalCents)}`,
    )
    .join('\n');
}

export function totalOf(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
}
