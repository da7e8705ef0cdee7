import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Knex } from 'knex';
import { NotFoundError } from '../../domain/shared/errors';
import { Authenticated } from '../../platform/auth/nest/bearer-auth.guard';
import { ApiProblems } from '../../platform/http';
import {
  type InventoryKey,
  findInventoryItem,
  listInventory,
} from '../../projections/inventory/queries';
import { type CursorCodec } from '../shared/cursor';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { CURSORS, READ_MODELS } from '../shared/tokens';
import { InventoryItemResponse } from './inventory.responses';
import { ListInventoryQueryDto } from './list-inventory.query';
import { isUuid } from '../shared/query-values';

/** Stock levels, for admins only. */
@ApiTags('inventory')
@Controller('inventory')
@Authenticated('admin')
@ReadsFrom('inventory')
export class InventoryController {
  constructor(
    @Inject(READ_MODELS) private readonly db: Knex,
    @Inject(CURSORS) private readonly cursors: CursorCodec,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Stock levels by SKU',
    description:
      'An array, ordered by SKU. At most `limit` items (default and maximum 1000): when more ' +
      'follow, the answer carries `X-Next-Cursor` and a `Link: <…>; rel="next"` header; pass ' +
      'the cursor back as `cursor` with the same `lowStock`.',
  })
  @ApiOkResponse({
    type: [InventoryItemResponse],
    headers: {
      'X-Next-Cursor': {
        description: 'Present when more items follow; pass as `cursor`.',
        schema: { type: 'string' },
      },
      Link: {
        description: 'Present when more items follow: the next page\'s URL, `rel="next"`.',
        schema: { type: 'string' },
      },
    },
  })
  @ApiProblems(400, 401, 403)
  async listStockLevels(
    @Query() query: ListInventoryQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InventoryItemResponse[]> {
    const { lowStock, limit } = query;
    const scope = `inventory:${lowStock ?? '*'}`;
    const after = query.cursor === undefined ? undefined : this.keyFrom(query.cursor, scope);
    const page = await listInventory(this.db, { lowStock, limit, after });
    if (page.nextKey) {
      const cursor = this.cursors.encode(scope, [page.nextKey.sku, page.nextKey.productId]);
      void reply.header('X-Next-Cursor', cursor);
      void reply.header('Link', `<${nextUrl(request.url, cursor)}>; rel="next"`);
    }
    return page.items;
  }

  @Get(':productId')
  @ApiOperation({
    summary: "One product's stock levels",
    description: 'An id that is not a UUID names no product: 404, like an unknown one.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  @ApiOkResponse({ type: InventoryItemResponse })
  @ApiProblems(400, 401, 403, 404)
  async getStockLevel(@Param('productId') productId: string): Promise<InventoryItemResponse> {
    const item = isUuid(productId)
      ? await findInventoryItem(this.db, productId.toLowerCase())
      : undefined;
    if (!item) throw new NotFoundError('no stock record for this product');
    return item;
  }

  private keyFrom(cursor: string, scope: string): InventoryKey {
    const [sku, productId] = this.cursors.decode(cursor, scope, ['text', 'uuid']);
    return { sku, productId };
  }
}

/** The request's own path and query with `cursor` set: the next page of the same list. */
function nextUrl(requestUrl: string, cursor: string): string {
  const url = new URL(requestUrl, 'http://placeholder');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
