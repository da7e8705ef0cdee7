import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { OrderStatusResponse } from '../order-responses';
import { CancelOrderDto } from './cancel-order.dto';
import { CancelOrderRequest } from './cancel-order.handler';

@ApiTags('orders')
@Controller('orders')
export class CancelOrderController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

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
  cancelOrder(
    @Param('id') orderId: string,
    @Body() body: CancelOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderStatusResponse> {
    return this.commandBus.execute(
      new CancelOrderRequest(
        orderId,
        body.reason,
        principal,
        requestContext(correlationId, principal, new Date()),
      ),
    );
  }
}
