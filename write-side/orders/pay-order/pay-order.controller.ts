import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { OrderStatusResponse } from '../order-responses';
import { PayOrderDto } from './pay-order.dto';
import { PayOrderRequest } from './pay-order.handler';

@ApiTags('orders')
@Controller('orders')
export class PayOrderController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post(':id/pay')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Pay a confirmed order (its owner only)',
    description:
      'Another customer’s order answers 404; an admin who did not place it gets 403. ' +
      'An order that is not `confirmed` (still pending, already paid, expired...) is 409.',
  })
  @ApiParam({
    name: 'id',
    format: 'uuid',
    description: 'The orderId returned when the order was placed; any other value is 404.',
  })
  // Also keeps the DTO a value import, so its class reaches the ValidationPipe as metadata.
  @ApiBody({ type: PayOrderDto })
  @ApiOkResponse({ type: OrderStatusResponse, description: 'The order is paid.' })
  @ApiProblems(400, 401, 403, 404, 409)
  payOrder(
    @Param('id') orderId: string,
    @Body() body: PayOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderStatusResponse> {
    return this.commandBus.execute(
      new PayOrderRequest(
        orderId,
        body.paymentReference,
        principal,
        requestContext(correlationId, principal, new Date()),
      ),
    );
  }
}
