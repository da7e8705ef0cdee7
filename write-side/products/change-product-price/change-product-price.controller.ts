import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { productDecider, streamName } from '../../../domain/product';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { UuidPipe } from '../product-id.pipe';
import { ChangeProductPriceDto } from './change-product-price.dto';

@ApiTags('products')
@Controller('products')
export class ChangeProductPriceController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Put(':id/price')
  @Authenticated('admin')
  @ApiOperation({
    summary: "Change a product's price",
    description:
      'Orders already placed keep the price they were placed at. The current price changes ' +
      'nothing and appends nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  // Also keeps the DTO a value import: its class must reach the ValidationPipe as metadata.
  @ApiBody({ type: ChangeProductPriceDto })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async changeProductPrice(
    @Param('id', new UuidPipe('id')) productId: string,
    @Body() body: ChangeProductPriceDto,
    @CorrelationId() correlationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const outcome = await this.runner.run(
      productDecider,
      streamName(productId),
      {
        type: 'ChangeProductPrice',
        data: { productId, priceCents: body.priceCents, now: context.now },
      },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
