import { Body, Controller, Inject, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { UuidPipe } from '../../products/product-id.pipe';
import { requestContext } from '../../shared/request-context';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { runOnStockRecord } from '../stock-record';
import { SetLowStockThresholdDto } from './set-low-stock-threshold.dto';

@ApiTags('inventory')
@Controller('inventory')
export class SetLowStockThresholdController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Put(':productId/low-stock-threshold')
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Set the level at which a low-stock alert is sent',
    description:
      'Raising it to or above the available units sends the alert now. The current value ' +
      'changes nothing and appends nothing.',
  })
  @ApiParam({ name: 'productId', format: 'uuid' })
  // Also keeps the DTO a value import: its class must reach the ValidationPipe as metadata.
  @ApiBody({ type: SetLowStockThresholdDto })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async setLowStockThreshold(
    @Param('productId', new UuidPipe('productId')) productId: string,
    @Body() body: SetLowStockThresholdDto,
    @CorrelationId() correlationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const outcome = await runOnStockRecord(
      this.runner,
      {
        type: 'SetLowStockThreshold',
        data: { productId, threshold: body.threshold, now: context.now },
      },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
