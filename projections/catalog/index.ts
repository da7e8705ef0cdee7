import { type Projection } from '../runtime/projection';
import { applyCatalogEvents, catalogEventTypes } from './apply';
import { type CatalogTable, catalogTables } from './tables';

/**
 * The storefront catalog: every product with its price and sellable stock, searchable by full
 * text over name and description, and the active products per category. For GET /products,
 * GET /products/{id} and GET /categories. It follows the inventory events itself rather than
 * reading the inventory read model: each projection is rebuilt on its own.
 */
export const catalogProjection: Projection<CatalogTable> = {
  name: 'catalog',
  // 2: a new product is available with its opening stock from ProductCreated (v2) on.
  version: 2,
  description: 'Catalog: products with price and available stock, full-text search, categories',
  tables: catalogTables,
  eventTypes: catalogEventTypes,
  apply: applyCatalogEvents,
};
