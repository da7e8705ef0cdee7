import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { productDecider, streamName } from '../../../domain/product';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { NoBodyPipe } from '../no-body.pipe';
import { UuidPipe } from '../product-id.pipe';

@ApiTags('products')
@Controller('products')
export class DiscontinueProductController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Post(':id/discontinue')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Stop selling a product',
    description:
      'New orders for it are refused; placed orders go on. A discontinued product can no ' +
      'longer be changed. Discontinuing it again changes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({
    required: false,
    description: 'None, or an empty object: every field is refused.',
    schema: { type: 'object', additionalProperties: false },
  })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async discontinueProduct(
    @Param('id', new UuidPipe('id')) productId: string,
    @Body(new NoBodyPipe()) _body: unknown,
    @CorrelationId() correlationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const outcome = await this.runner.run(
      productDecider,
      streamName(productId),
      { type: 'DiscontinueProduct', data: { productId, now: context.now } },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
