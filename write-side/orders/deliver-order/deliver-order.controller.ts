import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type DeliverOrder, orderDecider, streamName } from '../../../domain/order';
import { ValidationError } from '../../../domain/shared/errors';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { OrderStatusResponse } from '../order-responses';
import { positionOf } from '../../shared/position.response';

@ApiTags('orders')
@Controller('orders')
export class DeliverOrderController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Post(':id/deliver')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Mark a shipped order delivered (admin)',
    description: 'Takes no body. An order that is not `shipped` is 409.',
  })
  @ApiParam({
    name: 'id',
    format: 'uuid',
    description: 'The orderId returned when the order was placed; any other value is 404.',
  })
  @ApiBody({
    required: false,
    description: 'None, or an empty object: every field is refused.',
    schema: { type: 'object', additionalProperties: false },
  })
  @ApiOkResponse({ type: OrderStatusResponse, description: 'The order is delivered.' })
  @ApiProblems(400, 401, 403, 404, 409)
  async deliverOrder(
    @Param('id') orderId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<OrderStatusResponse> {
    requireNoFields(body);
    const context = requestContext(correlationId, principal, new Date());
    const command: DeliverOrder = { type: 'DeliverOrder', data: { orderId, now: context.now } };
    const outcome = await this.runner.run(orderDecider, streamName(orderId), command, context);
    return { status: 'delivered', position: positionOf(outcome) };
  }
}

/**
 * A route without a DTO would silently ignore whatever is sent; like every write, it refuses
 * unknown fields (an empty body or `{}` is fine).
 */
function requireNoFields(body: unknown): void {
  if (body === undefined || body === null) return;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw ValidationError.field('body', 'must be a JSON object');
  }
  const fields = Object.keys(body);
  if (fields.length > 0) {
    throw new ValidationError(fields.map((field) => ({ field, message: 'should not exist' })));
  }
}
