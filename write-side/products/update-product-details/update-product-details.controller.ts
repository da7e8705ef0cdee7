import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import {
  ApiBody,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { productDecider, streamName } from '../../../domain/product';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { UuidPipe } from '../product-id.pipe';
import { UpdateProductDetailsDto } from './update-product-details.dto';

@ApiTags('products')
@Controller('products')
export class UpdateProductDetailsController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Patch(':id')
  @Authenticated('admin')
  @ApiOperation({
    summary: "Change a product's name, description or category",
    description: 'Values equal to the current ones change nothing and append nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  // Also keeps the DTO a value import: its class must reach the ValidationPipe as metadata.
  // The DTO's schema cannot say "at least one field"; the body schema around it does.
  @ApiExtraModels(UpdateProductDetailsDto)
  @ApiBody({
    schema: {
      allOf: [{ $ref: getSchemaPath(UpdateProductDetailsDto) }],
      minProperties: 1,
    },
  })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async updateProductDetails(
    @Param('id', new UuidPipe('id')) productId: string,
    @Body() body: UpdateProductDetailsDto,
    @CorrelationId() correlationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const { name, description, category } = body;
    const outcome = await this.runner.run(
      productDecider,
      streamName(productId),
      {
        type: 'UpdateProductDetails',
        data: { productId, name, description, category, now: context.now },
      },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
