import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { OrderPlacedResponse } from '../order-responses';
import { PlaceOrderDto } from './place-order.dto';
import { PlaceOrderRequest } from './place-order.handler';

@ApiTags('orders')
@Controller('orders')
export class PlaceOrderController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(202)
  @Authenticated('customer')
  @ApiOperation({
    summary: 'Place an order',
    description:
      'Snapshots each product’s sku, name and current price. The order starts `pending`; ' +
      'reserving its stock happens afterwards, turning it `confirmed` or `rejected`.',
  })
  // Also keeps the DTO a value import, so its class reaches the ValidationPipe as metadata.
  @ApiBody({ type: PlaceOrderDto })
  @ApiAcceptedResponse({
    type: OrderPlacedResponse,
    description: 'The order is placed and waits for its stock to be reserved.',
  })
  @ApiProblems(400, 401, 403, 422)
  placeOrder(
    @Body() body: PlaceOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderPlacedResponse> {
    return this.commandBus.execute(
      new PlaceOrderRequest(
        randomUUID(),
        principal.userId,
        body.lines.map(({ productId, quantity }) => ({ productId, quantity })),
        body.shippingAddressId,
        requestContext(correlationId, principal, new Date()),
      ),
    );
  }
}
