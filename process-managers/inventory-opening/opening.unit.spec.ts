import { type ProductEvent } from '../../domain/product';
import { inputOf, specForManager } from '../runtime/manager-specification';
import { run } from '../runtime/process-manager';
import { createInventoryOpening } from './opening';

const opening = createInventoryOpening();
const given = specForManager(opening);
const at = '2025-05-01T10:00:00.000Z';

const created = (extra: { lowStockThreshold?: number } = {}) =>
  inputOf<ProductEvent>(
    {
      type: 'ProductCreated',
      data: {
        productId: 'p-1',
        sku: 'MUG-1',
        name: 'Mug',
        description: '',
        category: 'kitchen',
        priceCents: 1299,
        initialStock: 30,
        ...extra,
        createdAt: at,
      },
    },
    { occurredAt: at },
  );

describe('inventory opening', () => {
  it('opens the stock record with the opening stock and threshold of the new product', () => {
    given([])
      .when(created({ lowStockThreshold: 4 }))
      .then([
        run('open', {
          command: {
            aggregate: 'inventory',
            command: {
              type: 'InitialiseInventory',
              data: {
                productId: 'p-1',
                sku: 'MUG-1',
                initialStock: 30,
                lowStockThreshold: 4,
                now: at,
              },
            },
          },
        }),
      ]);
  });

  it("leaves the threshold to inventory's default when none was asked for", () => {
    const [output] = given([]).when(created()).outputs();
    expect(JSON.stringify(output)).not.toContain('lowStockThreshold');
  });

  it('follows each product as its own instance and ignores other product events', () => {
    expect(opening.instanceOf(created())).toBe('p-1');
    const discontinued = inputOf<ProductEvent>({
      type: 'ProductDiscontinued',
      data: { productId: 'p-1', discontinuedAt: at },
    });
    expect(opening.instanceOf(discontinued)).toBeNull();
  });
});
