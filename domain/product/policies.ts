/** Limits on a product's values, exported so DTO validation can state the same numbers. */
export const SKU_FORMAT = /^[A-Za-z0-9._-]{1,64}$/;
export const NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 5000;
export const CATEGORY_MAX_LENGTH = 100;
/** Ten million in major units: far above any real price, far below unsafe integers. */
export const MAX_PRICE_CENTS = 1_000_000_000;

/** SKUs are unique case-insensitively; the upper-cased form is stored and claimed. */
export function normaliseSku(sku: string): string {
  return sku.trim().toUpperCase();
}

export function checkSku(sku: unknown): string | undefined {
  if (typeof sku !== 'string') return 'must be a string';
  return SKU_FORMAT.test(sku.trim())
    ? undefined
    : 'must be 1 to 64 characters of letters, digits, ".", "_" or "-"';
}
