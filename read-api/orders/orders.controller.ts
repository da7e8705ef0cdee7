import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { NotFoundError } from '../../domain/shared/errors';
import { Authenticated, CurrentPrincipal } from '../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../platform/auth/principal';
import { ApiProblems } from '../../platform/http';
import { ForbiddenError } from '../../platform/http/problems/http-errors';
import { type OrderKey, findOrder, listOrders } from '../../projections/orders/queries';
import { type CursorCodec } from '../shared/cursor';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { CURSORS, READ_MODELS } from '../shared/tokens';
import { ListOrdersQueryDto } from './list-orders.query';
import { OrderDetailResponse, OrderPageResponse } from './order.responses';
import { isUuid } from '../shared/query-values';

/**
 * Order history. A customer sees their own orders only; an admin sees everyone's. Another
 * customer's order is 404, exactly like one that does not exist (SPEC "HTTP conventions").
 */
@ApiTags('orders')
@Controller('orders')
@ReadsFrom('orders')
export class OrdersController {
  constructor(
    @Inject(READ_MODELS) private readonly db: Knex,
    @Inject(CURSORS) private readonly cursors: CursorCodec,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List orders, newest first',
    description:
      'A customer’s own orders, or every order for an admin (`userId` narrows it to one ' +
      'customer). Keyset-paged: pass `nextCursor` back as `cursor`, with the same filters.',
  })
  @ApiOkResponse({ type: OrderPageResponse })
  @ApiProblems(400, 401, 403)
  async listOrders(
    @Query() query: ListOrdersQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderPageResponse> {
    const userId = visibleUserId(principal, query.userId);
    const { status, limit } = query;
    // The cursor is bound to its filters: continuing it under others would skip or repeat.
    const scope = `orders:${userId ?? '*'}:${status ?? '*'}`;
    const after = query.cursor === undefined ? undefined : this.keyFrom(query.cursor, scope);
    const page = await listOrders(this.db, { userId, status, limit, after });
    const next = page.nextKey;
    return {
      items: page.items,
      nextCursor: next && this.cursors.encode(scope, [next.createdAt, next.orderId]),
    };
  }

  @Get(':id')
  @Authenticated()
  @ApiOperation({
    summary: 'One order with its lines and status timeline',
    description: 'The owner and admins see it; for anyone else it does not exist (404).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: OrderDetailResponse })
  @ApiProblems(401, 404)
  async getOrder(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderDetailResponse> {
    // Not a UUID: no order has that id. 404 rather than 400, like a well-formed unknown id,
    // since "which ids exist" is exactly what this route must not reveal.
    const order = isUuid(id)
      ? await findOrder(
          this.db,
          id.toLowerCase(),
          isAdmin(principal) ? undefined : principal.userId,
        )
      : undefined;
    if (!order) throw new NotFoundError('order not found');
    return order;
  }

  private keyFrom(cursor: string, scope: string): OrderKey {
    const [createdAt, orderId] = this.cursors.decode(cursor, scope, ['timestamp', 'uuid']);
    return { createdAt, orderId };
  }
}

const isAdmin = (principal: Principal): boolean => principal.roles.includes('admin');

/**
 * Whose orders the caller may list: an admin anyone's (or all: undefined), a customer only
 * their own. A customer naming someone else is refused outright (403) rather than shown an
 * empty page, so a client bug does not pass for "no orders".
 */
function visibleUserId(principal: Principal, requested: string | undefined): string | undefined {
  if (isAdmin(principal)) return requested;
  if (requested !== undefined && requested !== principal.userId.toLowerCase()) {
    throw new ForbiddenError('only an admin may list another customer’s orders');
  }
  return principal.userId;
}
