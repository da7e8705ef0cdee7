import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type ShipOrder, orderDecider, streamName } from '../../../domain/order';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { OrderStatusResponse } from '../order-responses';
import { positionOf } from '../../shared/position.response';
import { ShipOrderDto } from './ship-order.dto';

@ApiTags('orders')
@Controller('orders')
export class ShipOrderController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Post(':id/ship')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Ship a paid order (admin)',
    description: 'Its reserved stock leaves on-hand. An order that is not `paid` is 409.',
  })
  @ApiParam({
    name: 'id',
    format: 'uuid',
    description: 'The orderId returned when the order was placed; any other value is 404.',
  })
  // Also keeps the DTO a value import, so its class reaches the ValidationPipe as metadata.
  @ApiBody({ type: ShipOrderDto })
  @ApiOkResponse({ type: OrderStatusResponse, description: 'The order is shipped.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async shipOrder(
    @Param('id') orderId: string,
    @Body() body: ShipOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderStatusResponse> {
    const context = requestContext(correlationId, principal, new Date());
    const command: ShipOrder = {
      type: 'ShipOrder',
      data: {
        orderId,
        ...(body.trackingNumber !== undefined && { trackingNumber: body.trackingNumber }),
        now: context.now,
      },
    };
    const outcome = await this.runner.run(orderDecider, streamName(orderId), command, context);
    return { status: 'shipped', position: positionOf(outcome) };
  }
}
