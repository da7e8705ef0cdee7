import { specFor } from '../shared/decider-specification';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors';
import { type CreateProduct, type ProductEvent, productDecider, streamName } from './index';

const given = specFor(productDecider);
const productId = 'p-1';
const now = '2025-02-01T10:00:00.000Z';

const create = (data: Partial<CreateProduct['data']> = {}): CreateProduct => ({
  type: 'CreateProduct',
  data: {
    productId,
    sku: ' mug-blue.l_1 ',
    name: ' Blue mug ',
    category: 'Kitchen',
    priceCents: 1299,
    now,
    ...data,
  },
});

const created: ProductEvent = {
  type: 'ProductCreated',
  data: {
    productId,
    sku: 'MUG-BLUE.L_1',
    name: 'Blue mug',
    description: '',
    category: 'Kitchen',
    priceCents: 1299,
    initialStock: 0,
    createdAt: now,
  },
};
const discontinued: ProductEvent = {
  type: 'ProductDiscontinued',
  data: { productId, discontinuedAt: now },
};

describe('Product', () => {
  it('lives in the stream product-{productId}', () => {
    expect(streamName('p-1')).toBe('product-p-1');
  });

  describe('when absent', () => {
    it('is created with an upper-cased SKU and trimmed texts', () => {
      given([]).when(create()).then([created]);
    });

    it('keeps a given description', () => {
      given([])
        .when(create({ description: ' Holds tea. ' }))
        .then([{ ...created, data: { ...created.data, description: 'Holds tea.' } }]);
    });

    it.each([
      [{ sku: 'has space' }, 'sku'],
      [{ sku: 'x'.repeat(65) }, 'sku'],
      [{ sku: '' }, 'sku'],
      [{ name: '' }, 'name'],
      [{ category: ' ' }, 'category'],
      [{ priceCents: -1 }, 'priceCents'],
      [{ priceCents: 12.5 }, 'priceCents'],
      [{ priceCents: 1_000_000_001 }, 'priceCents'],
      [{ description: 'x'.repeat(5001) }, 'description'],
      [{ initialStock: -1 }, 'initialStock'],
      [{ initialStock: 2.5 }, 'initialStock'],
      [{ initialStock: 1_000_000_001 }, 'initialStock'],
      [{ lowStockThreshold: -1 }, 'lowStockThreshold'],
      [{ lowStockThreshold: 0.5 }, 'lowStockThreshold'],
    ])('rejects %p under the field %s', (override, field) => {
      const error = given([]).when(create(override)).thenThrows(ValidationError);
      expect(error.errors.map((e) => e.field)).toEqual([field]);
    });

    it('carries its opening stock, and a threshold only when one was asked for', () => {
      given([])
        .when(create({ initialStock: 40 }))
        .then([{ ...created, data: { ...created.data, initialStock: 40 } }]);
      given([])
        .when(create({ initialStock: 40, lowStockThreshold: 0 }))
        .then([{ ...created, data: { ...created.data, initialStock: 40, lowStockThreshold: 0 } }]);
    });

    it('accepts a free product', () => {
      given([])
        .when(create({ priceCents: 0 }))
        .then([{ ...created, data: { ...created.data, priceCents: 0 } }]);
    });

    it.each([
      { type: 'UpdateProductDetails', data: { productId, name: 'x', now } },
      { type: 'ChangeProductPrice', data: { productId, priceCents: 1, now } },
      { type: 'DiscontinueProduct', data: { productId, now } },
    ] as const)('answers $type with NotFoundError', (command) => {
      given([]).when(command).thenThrows(NotFoundError, 'product not found');
    });
  });

  describe('when active', () => {
    it('cannot be created twice', () => {
      given([created]).when(create()).thenThrows(IllegalStateError, 'product p-1 already exists');
    });

    it('records only the details that changed', () => {
      given([created])
        .when({
          type: 'UpdateProductDetails',
          data: { productId, name: 'Blue mug', description: 'Large', category: ' Home ', now },
        })
        .then([
          {
            type: 'ProductDetailsUpdated',
            data: { productId, description: 'Large', category: 'Home', updatedAt: now },
          },
        ]);
    });

    it('records nothing when no detail changed', () => {
      given([created])
        .when({ type: 'UpdateProductDetails', data: { productId, category: 'Kitchen', now } })
        .thenNothingHappens();
    });

    it('requires at least one detail', () => {
      given([created])
        .when({ type: 'UpdateProductDetails', data: { productId, now } })
        .thenThrows(ValidationError, 'body: give at least one of name, description, category');
    });

    it('rejects an empty name in an update', () => {
      const error = given([created])
        .when({ type: 'UpdateProductDetails', data: { productId, name: '  ', now } })
        .thenThrows(ValidationError);
      expect(error.errors).toEqual([{ field: 'name', message: 'must not be empty' }]);
    });

    it('changes the price, recording the previous one', () => {
      given([created])
        .when({ type: 'ChangeProductPrice', data: { productId, priceCents: 999, now } })
        .then([
          {
            type: 'ProductPriceChanged',
            data: { productId, previousPriceCents: 1299, priceCents: 999, changedAt: now },
          },
        ]);
    });

    it('records nothing for an unchanged price', () => {
      given([created])
        .when({ type: 'ChangeProductPrice', data: { productId, priceCents: 1299, now } })
        .thenNothingHappens();
    });

    it('is discontinued', () => {
      given([created])
        .when({ type: 'DiscontinueProduct', data: { productId, now } })
        .then([discontinued]);
    });

    it('folds updates into its state', () => {
      const state = [
        created,
        {
          type: 'ProductDetailsUpdated',
          data: { productId, name: 'Mug', updatedAt: now },
        } as const,
        {
          type: 'ProductPriceChanged',
          data: { productId, previousPriceCents: 1299, priceCents: 500, changedAt: now },
        } as const,
      ].reduce(productDecider.evolve, productDecider.initialState());
      expect(state).toMatchObject({
        status: 'active',
        name: 'Mug',
        category: 'Kitchen',
        priceCents: 500,
      });
    });
  });

  describe('when discontinued', () => {
    it('is a no-op to discontinue again', () => {
      given([created, discontinued])
        .when({ type: 'DiscontinueProduct', data: { productId, now } })
        .thenNothingHappens();
    });

    it('refuses price changes', () => {
      given([created, discontinued])
        .when({ type: 'ChangeProductPrice', data: { productId, priceCents: 1, now } })
        .thenThrows(IllegalStateError, 'product p-1 is discontinued and cannot be repriced');
    });

    it('refuses detail updates', () => {
      given([created, discontinued])
        .when({ type: 'UpdateProductDetails', data: { productId, name: 'New', now } })
        .thenThrows(IllegalStateError, 'product p-1 is discontinued and cannot be updated');
    });

    it('cannot be created again', () => {
      given([created, discontinued]).when(create()).thenThrows(IllegalStateError);
    });
  });
});
