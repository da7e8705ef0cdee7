import { isInputOf, type ProcessManager, run } from '../runtime/process-manager';

/**
 * Opens a product's stock record when the product is created: ProductCreated carries the
 * opening stock and threshold, and this turns them into InitialiseInventory on
 * `inventory-{productId}`. Until it has run, the record does not exist: the saga's reservation
 * for such a product waits and retries (a missing aggregate is retried, not refused), and the
 * write API's stock commands wait for it briefly, then answer 503 with Retry-After.
 */
export function createInventoryOpening(): ProcessManager<null> {
  return {
    name: 'inventory-opening',
    description: "opens each new product's stock record with its opening stock",
    categories: ['product'],
    eventTypes: ['ProductCreated'],
    instanceOf: (input) => (isInputOf(input, 'ProductCreated') ? input.event.data.productId : null),
    initialState: () => null,
    decide(input) {
      if (!isInputOf(input, 'ProductCreated')) return [];
      const { productId, sku, initialStock, lowStockThreshold } = input.event.data;
      return [
        run('open', {
          command: {
            aggregate: 'inventory',
            command: {
              type: 'InitialiseInventory',
              data: {
                productId,
                sku,
                initialStock,
                ...(lowStockThreshold !== undefined && { lowStockThreshold }),
                now: input.occurredAt,
              },
            },
          },
        }),
      ];
    },
    evolve: () => null,
  };
}
