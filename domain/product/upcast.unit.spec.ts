import { fold } from '../shared/decider';
import { upcast, upcastEvent } from '../shared/schema';
import {
  type ProductCreatedV1Data,
  type ProductEvent,
  productDecider,
  productEventSchemas,
} from './index';

/** What a store hands back: data plus the schema version it was written with. */
type Stored = { type: ProductEvent['type']; data: Record<string, unknown>; schemaVersion: number };

const v1Created: ProductCreatedV1Data = {
  productId: 'p-old',
  sku: 'MUG-1',
  name: 'Mug',
  description: '',
  category: 'Kitchen',
  priceCents: 1299,
  createdAt: '2024-01-01T00:00:00.000Z',
};

const read = (stored: Stored[]): ProductEvent[] =>
  stored.map(
    ({ type, data, schemaVersion }) =>
      ({ type, data: upcastEvent(productEventSchemas, type, data, schemaVersion) }) as ProductEvent,
  );

describe('ProductCreated upcasting', () => {
  it('lifts v1 data to no opening stock and no threshold of its own', () => {
    expect(upcast(productEventSchemas.ProductCreated, v1Created, 1)).toEqual({
      ...v1Created,
      initialStock: 0,
    });
  });

  it('leaves v2 data untouched', () => {
    const v2 = { ...v1Created, initialStock: 40, lowStockThreshold: 3 };
    expect(upcast(productEventSchemas.ProductCreated, v2, 2)).toEqual(v2);
  });

  it('reads $all where v1 and v2 creations mix, folding each to the same kind of state', () => {
    const [old, current] = read([
      { type: 'ProductCreated', data: v1Created, schemaVersion: 1 },
      {
        type: 'ProductCreated',
        data: { ...v1Created, productId: 'p-new', initialStock: 40 },
        schemaVersion: 2,
      },
    ]);
    expect(old.data).toMatchObject({ productId: 'p-old', initialStock: 0 });
    expect(current.data).toMatchObject({ productId: 'p-new', initialStock: 40 });
    expect(fold(productDecider, [old])).toEqual({
      ...fold(productDecider, [current]),
      productId: 'p-old',
    });
  });

  it('folds a v1 creation followed by later events', () => {
    const state = fold(
      productDecider,
      read([
        { type: 'ProductCreated', data: v1Created, schemaVersion: 1 },
        {
          type: 'ProductPriceChanged',
          data: {
            productId: 'p-old',
            previousPriceCents: 1299,
            priceCents: 999,
            changedAt: '2024-02-01T00:00:00.000Z',
          },
          schemaVersion: 1,
        },
      ]),
    );
    expect(state).toEqual({
      status: 'active',
      productId: 'p-old',
      sku: 'MUG-1',
      name: 'Mug',
      description: '',
      category: 'Kitchen',
      priceCents: 999,
    });
  });
});
