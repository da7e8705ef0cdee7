import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type CancelOrder, orderDecider, streamName } from '../../../domain/order';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { positionOf } from '../../shared/position.response';
import { requestContext } from '../../shared/request-context';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { actorOf } from '../actor';
import { OrderStatusResponse } from '../order-responses';
import { CancelOrderDto } from './cancel-order.dto';

@ApiTags('orders')
@Controller('orders')
export class CancelOrderController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Cancel an order (its owner or an admin)',
    description:
      'Possible while the order is `confirmed` or `paid`; its reserved stock is released. ' +
      'Another customer’s order answers 404; a pending, shipped or finished order is 409.',
  })
  @ApiParam({
    name: 'id',
    format: 'uuid',
    description: 'The orderId returned when the order was placed; any other value is 404.',
  })
  // Also keeps the DTO a value import, so its class reaches the ValidationPipe as metadata.
  @ApiBody({ type: CancelOrderDto })
  @ApiOkResponse({ type: OrderStatusResponse, description: 'The order is cancelled.' })
  @ApiProblems(400, 401, 404, 409)
  async cancelOrder(
    @Param('id') orderId: string,
    @Body() body: CancelOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderStatusResponse> {
    const context = requestContext(correlationId, principal, new Date());
    // Its customer or an admin cancels; the order decider decides which (or 404 for others).
    const command: CancelOrder = {
      type: 'CancelOrder',
      data: {
        orderId,
        ...(body.reason !== undefined && { reason: body.reason }),
        actor: actorOf(principal),
        now: context.now,
      },
    };
    const outcome = await this.runner.run(orderDecider, streamName(orderId), command, context);
    return { status: 'cancelled', position: positionOf(outcome) };
  }
}
