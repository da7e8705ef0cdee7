import { type FieldError, IllegalStateError, UnusableReferenceError } from '../shared/errors';
import { FieldErrors, checkInteger, checkText } from '../shared/validation';
import { type PlaceOrder, type PlaceOrderLine } from './commands';
import { type OrderEvent, type OrderLine, type ShippingAddress } from './events';
import { type OrderState } from './state';

export const MAX_LINES = 50;
export const MAX_QUANTITY_PER_LINE = 100;
/** Same ceiling as the catalog's prices: totals of 50 x 100 such units stay exact integers. */
export const MAX_UNIT_PRICE_CENTS = 1_000_000_000;

const PRODUCT_STATUSES: ReadonlySet<string> = new Set(['active', 'discontinued', 'unknown']);

export function placeOrder({ data }: PlaceOrder, state: OrderState): OrderEvent[] {
  if (state.status !== 'absent')
    throw new IllegalStateError(`order ${state.orderId} already exists`);
  validate(data);
  const { shippingAddress, lines } = requireUsableReferences(data);
  const orderLines = lines.map(({ productId, sku, name, unitPriceCents, quantity }): OrderLine => ({
    productId,
    sku,
    name,
    unitPriceCents,
    quantity,
    lineTotalCents: unitPriceCents * quantity,
  }));
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: data.orderId,
        customerId: data.customerId,
        lines: orderLines,
        totalCents: orderLines.reduce((sum, line) => sum + line.lineTotalCents, 0),
        shippingAddress: snapshot(shippingAddress),
        placedAt: data.now,
      },
    },
  ];
}

type KnownProductLine = Extract<PlaceOrderLine, { sku: string }>;

/**
 * Only products on sale can be ordered, and only to one of the customer's own addresses. Every
 * unusable reference is named by the field the customer sent (`shippingAddressId`,
 * `lines[2].productId`), so one answer lists them all.
 */
function requireUsableReferences(data: PlaceOrder['data']): {
  shippingAddress: ShippingAddress;
  lines: KnownProductLine[];
} {
  const { shippingAddress } = data;
  const unusable: FieldError[] = [];
  if (shippingAddress === null) {
    unusable.push({ field: 'shippingAddressId', message: 'is not one of your addresses' });
  }
  const lines: KnownProductLine[] = [];
  data.lines.forEach((line, i) => {
    if (line.productStatus === 'active') lines.push(line);
    else {
      const message =
        line.productStatus === 'unknown' ? 'unknown product' : 'product is discontinued';
      unusable.push({ field: `lines[${i}].productId`, message });
    }
  });
  if (shippingAddress === null || unusable.length > 0) throw new UnusableReferenceError(unusable);
  return { shippingAddress, lines };
}

/** Field names follow the HTTP body: `lines`, `lines[3].quantity`, `lines[1].productId` (0-based). */
function validate(data: PlaceOrder['data']): void {
  const errors = new FieldErrors().add('customerId', checkText(data.customerId, { max: 100 }));
  const { lines } = data;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > MAX_LINES) {
    errors.add('lines', `must contain between 1 and ${MAX_LINES} lines`);
  } else {
    const firstIndexOf = new Map<string, number>();
    lines.forEach((line, i) => {
      checkLine(errors, line, `lines[${i}]`);
      const first = firstIndexOf.get(line.productId);
      if (first === undefined) firstIndexOf.set(line.productId, i);
      else errors.add(`lines[${i}].productId`, `duplicates lines[${first}].productId`);
    });
  }
  errors.add('shippingAddress', checkAddress(data.shippingAddress));
  errors.throwIfAny();
}

function checkLine(errors: FieldErrors, line: PlaceOrderLine, at: string): void {
  errors
    .add(`${at}.productId`, checkText(line.productId, { max: 100 }))
    .add(`${at}.quantity`, checkInteger(line.quantity, 1, MAX_QUANTITY_PER_LINE));
  if (!PRODUCT_STATUSES.has(line.productStatus)) {
    errors.add(`${at}.productStatus`, 'must be active, discontinued or unknown');
  }
  // An unknown product has no snapshot to check; its line is refused as unusable anyway.
  if (line.productStatus === 'unknown') return;
  errors
    .add(`${at}.sku`, checkText(line.sku, { max: 64 }))
    .add(`${at}.name`, checkText(line.name, { max: 200 }))
    .add(`${at}.unitPriceCents`, checkInteger(line.unitPriceCents, 0, MAX_UNIT_PRICE_CENTS));
}

/** Null is a reference to an address the customer does not have: unusable, not malformed. */
function checkAddress(address: ShippingAddress | null | undefined): string | undefined {
  if (address === null) return undefined;
  if (typeof address !== 'object') return 'is required';
  const required = [address.line1, address.city, address.postalCode, address.country];
  return required.every((part) => checkText(part, { max: 200 }) === undefined)
    ? undefined
    : 'must have line1, city, postalCode and country';
}

/** Copies only the address fields, so nothing else the caller passed ends up in the event. */
function snapshot(address: ShippingAddress): ShippingAddress {
  const { addressId, label, line1, line2, city, postalCode, country } = address;
  return {
    ...(addressId !== undefined && { addressId }),
    ...(label !== undefined && { label }),
    line1,
    ...(line2 !== undefined && { line2 }),
    city,
    postalCode,
    country,
  };
}
