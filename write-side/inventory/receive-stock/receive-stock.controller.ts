import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { UuidPipe } from '../../products/product-id.pipe';
import { requestContext } from '../../shared/request-context';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { InventoryLevelsResponse, levelsOf } from '../inventory-levels.response';
import { runOnStockRecord } from '../stock-record';
import { ReceiveStockDto } from './receive-stock.dto';

@ApiTags('inventory')
@Controller('inventory')
export class ReceiveStockController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Post(':productId/receive')
  @HttpCode(200)
  @Authenticated('admin')
  @ApiOperation({ summary: 'Book a delivery: on-hand grows by the quantity received' })
  @ApiParam({ name: 'productId', format: 'uuid' })
  // Also keeps the DTO a value import: its class must reach the ValidationPipe as metadata.
  @ApiBody({ type: ReceiveStockDto })
  @ApiOkResponse({ type: InventoryLevelsResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async receiveStock(
    @Param('productId', new UuidPipe('productId')) productId: string,
    @Body() body: ReceiveStockDto,
    @CorrelationId() correlationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InventoryLevelsResponse> {
    const context = requestContext(correlationId, principal);
    const outcome = await runOnStockRecord(
      this.runner,
      {
        type: 'ReceiveStock',
        data: { productId, quantity: body.quantity, now: context.now },
      },
      context,
    );
    return levelsOf(outcome);
  }
}
