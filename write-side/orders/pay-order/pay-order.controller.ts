import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type PayOrder, orderDecider, streamName } from '../../../domain/order';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { positionOf } from '../../shared/position.response';
import { requestContext } from '../../shared/request-context';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { actorOf } from '../actor';
import { OrderStatusResponse } from '../order-responses';
import { PayOrderDto } from './pay-order.dto';

@ApiTags('orders')
@Controller('orders')
export class PayOrderController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

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
  async payOrder(
    @Param('id') orderId: string,
    @Body() body: PayOrderDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderStatusResponse> {
    const context = requestContext(correlationId, principal, new Date());
    // Only the customer who placed it pays: the order decider says so (404 or 403 otherwise).
    const command: PayOrder = {
      type: 'PayOrder',
      data: {
        orderId,
        paymentReference: body.paymentReference,
        actor: actorOf(principal),
        now: context.now,
      },
    };
    const outcome = await this.runner.run(orderDecider, streamName(orderId), command, context);
    return { status: 'paid', position: positionOf(outcome) };
  }
}
