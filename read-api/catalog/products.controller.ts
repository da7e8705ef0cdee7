import { createHash } from 'node:crypto';
import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { NotFoundError, ValidationError } from '../../domain/shared/errors';
import { ApiProblems } from '../../platform/http';
import {
  type ProductKey,
  type ProductListQuery,
  type ProductSort,
  findProduct,
  listProducts,
} from '../../projections/catalog/queries';
import { type CursorCodec } from '../shared/cursor';
import { type CursorColumn } from '../shared/cursor-columns';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { CURSORS, READ_MODELS } from '../shared/tokens';
import { ProductPageResponse, ProductResponse } from './catalog.responses';
import { ListProductsQueryDto } from './list-products.query';
import { isUuid } from '../shared/query-values';

/** The storefront: anyone may browse and search, no token needed. */
@ApiTags('catalog')
@Controller('products')
@ReadsFrom('catalog')
export class ProductsController {
  constructor(
    @Inject(READ_MODELS) private readonly db: Knex,
    @Inject(CURSORS) private readonly cursors: CursorCodec,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Search and browse active products',
    description:
      'Full-text search (`q`), filters and a sort; keyset-paged: pass `nextCursor` back as ' +
      '`cursor` with the same query (a cursor from another query is a 400). Discontinued ' +
      'products are not listed.',
  })
  @ApiOkResponse({ type: ProductPageResponse })
  @ApiProblems(400)
  async listProducts(@Query() dto: ListProductsQueryDto): Promise<ProductPageResponse> {
    const { category, minPriceCents, maxPriceCents, inStock, sort, limit } = dto;
    if (
      minPriceCents !== undefined &&
      maxPriceCents !== undefined &&
      maxPriceCents < minPriceCents
    ) {
      throw ValidationError.field('maxPriceCents', 'must not be below minPriceCents');
    }
    // A blank search box means "no search", not "match nothing".
    const q = dto.q?.trim() || undefined;
    const filters = { q, category, minPriceCents, maxPriceCents, inStock, sort };
    const scope = cursorScope(filters);
    const after = dto.cursor === undefined ? undefined : this.keyFrom(dto.cursor, sort, scope);
    const page = await listProducts(this.db, { ...filters, limit, after });
    const next = page.nextKey;
    return {
      items: page.items,
      nextCursor: next && this.cursors.encode(scope, [next.value, next.productId]),
    };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One product, discontinued ones included',
    description: 'An id that is not a UUID names no product: 404, like an unknown one.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiProblems(400, 404)
  async getProduct(@Param('id') id: string): Promise<ProductResponse> {
    const product = isUuid(id) ? await findProduct(this.db, id.toLowerCase()) : undefined;
    if (!product) throw new NotFoundError('product not found');
    return product;
  }

  /** The key a cursor holds, with each value checked against its column's type. */
  private keyFrom(cursor: string, sort: ProductSort, scope: string): ProductKey {
    const [value, productId] = this.cursors.decode(cursor, scope, [SORT_COLUMNS[sort], 'uuid']);
    return { value, productId };
  }
}

/** The type of each sort's key column (projections/catalog/tables.ts). */
const SORT_COLUMNS: Record<ProductSort, CursorColumn> = {
  name: 'text',
  price: 'int32',
  '-price': 'int32',
  newest: 'timestamp',
};

/**
 * A cursor holds the last product's sort key and is only valid for the query that issued it:
 * continued under another sort or other filters it would skip or repeat products. The filters
 * go in as a digest so the cursor stays short whatever the search text.
 */
function cursorScope(filters: Omit<ProductListQuery, 'limit' | 'after'>): string {
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        filters.q,
        filters.category,
        filters.minPriceCents,
        filters.maxPriceCents,
        filters.inStock,
      ]),
    )
    .digest('base64url')
    .slice(0, 16);
  return `products:${filters.sort}:${digest}`;
}
