import { specFor } from '../shared/decider-specification';
import { UnusableReferenceError, ValidationError } from '../shared/errors';
import { placeOrder, placed } from './fixtures.spec';
import { type PlaceOrderLine, orderDecider } from './index';

const given = specFor(orderDecider);
const line = (productId: string, quantity = 1) => ({
  productId,
  productStatus: 'active' as const,
  sku: `SKU-${productId}`,
  name: `Product ${productId}`,
  unitPriceCents: 100,
  quantity,
});
const unknownLine = (productId: string): PlaceOrderLine => ({
  productId,
  productStatus: 'unknown',
  quantity: 1,
});
const discontinuedLine = (productId: string) => ({
  ...line(productId),
  productStatus: 'discontinued' as const,
});
const errorsOf = (lines: PlaceOrderLine[]) =>
  given([]).when(placeOrder({ lines })).thenThrows(ValidationError).errors;

describe('PlaceOrder validation (when absent)', () => {
  it('needs at least one line', () => {
    expect(errorsOf([])).toEqual([
      { field: 'lines', message: 'must contain between 1 and 50 lines' },
    ]);
  });

  it('accepts 50 lines and refuses 51', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => line(`p-${i}`));
    const [event] = orderDecider.decide(placeOrder({ lines: fifty }), orderDecider.initialState());
    expect(event?.type === 'OrderPlaced' && event.data.totalCents).toBe(5000);
    expect(errorsOf([...fifty, line('p-50')])).toEqual([
      { field: 'lines', message: 'must contain between 1 and 50 lines' },
    ]);
  });

  it.each([
    [0, 'must be between 1 and 100'],
    [101, 'must be between 1 and 100'],
    [-1, 'must be between 1 and 100'],
    [1.5, 'must be an integer'],
  ])('refuses quantity %p, naming the line by its index', (quantity, message) => {
    expect(errorsOf([line('p-0'), line('p-1'), line('p-2'), line('p-3', quantity)])).toEqual([
      { field: 'lines[3].quantity', message },
    ]);
  });

  it('accepts quantities 1 and 100', () => {
    expect(() =>
      orderDecider.decide(
        placeOrder({ lines: [line('a', 1), line('b', 100)] }),
        orderDecider.initialState(),
      ),
    ).not.toThrow();
  });

  it('refuses a duplicate product, pointing at the later line', () => {
    expect(errorsOf([line('p-1'), line('p-2'), line('p-1')])).toEqual([
      { field: 'lines[2].productId', message: 'duplicates lines[0].productId' },
    ]);
  });

  it('reports every bad line at once', () => {
    const errors = errorsOf([
      { ...line(''), quantity: 0 },
      { ...line('p-2'), unitPriceCents: -5 },
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'lines[0].productId',
      'lines[0].quantity',
      'lines[1].unitPriceCents',
    ]);
  });

  it('needs a complete shipping address', () => {
    given([])
      .when(
        placeOrder({ shippingAddress: { line1: 'x', city: '', postalCode: '1', country: 'DE' } }),
      )
      .thenThrows(
        ValidationError,
        'shippingAddress: must have line1, city, postalCode and country',
      );
  });

  it('snapshots only the address fields', () => {
    const extra = { ...placed.data.shippingAddress, note: 'leave at door' };
    given([])
      .when(placeOrder({ shippingAddress: extra }))
      .then([placed]);
  });
});

describe('PlaceOrder references (when absent)', () => {
  const unusableOf = (data: Parameters<typeof placeOrder>[0]) =>
    given([]).when(placeOrder(data)).thenThrows(UnusableReferenceError).errors;

  it('refuses an unknown and a discontinued product, naming each line', () => {
    expect(
      unusableOf({ lines: [line('p-0'), unknownLine('p-1'), discontinuedLine('p-2')] }),
    ).toEqual([
      { field: 'lines[1].productId', message: 'unknown product' },
      { field: 'lines[2].productId', message: 'product is discontinued' },
    ]);
  });

  it('refuses an address the customer does not have', () => {
    given([])
      .when(placeOrder({ shippingAddress: null }))
      .thenThrows(UnusableReferenceError, 'shippingAddressId: is not one of your addresses');
  });

  it('names the address and every unusable line in one answer', () => {
    expect(
      unusableOf({ shippingAddress: null, lines: [unknownLine('p-0'), line('p-1')] }).map(
        (e) => e.field,
      ),
    ).toEqual(['shippingAddressId', 'lines[0].productId']);
  });

  it('judges references only once the command is well-formed', () => {
    given([])
      .when(placeOrder({ lines: [unknownLine('p-0'), line('p-1', 0)] }))
      .thenThrows(ValidationError, 'lines[1].quantity: must be between 1 and 100');
  });

  it('needs no snapshot for an unknown product, and checks the snapshot of a known one', () => {
    const errors = given([])
      .when(placeOrder({ lines: [unknownLine('p-0'), { ...discontinuedLine('p-1'), name: '' }] }))
      .thenThrows(ValidationError).errors;
    expect(errors).toEqual([{ field: 'lines[1].name', message: 'must not be empty' }]);
  });
});
