import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { CreateProductDto, ProductCreatedResponse } from './create-product.dto';
import { CreateProductCommand } from './create-product.handler';

@ApiTags('products')
@Controller('products')
export class CreateProductController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post()
  @Authenticated('admin')
  @ApiOperation({
    summary: 'Create a product with its opening stock',
    description:
      'The SKU is unique case-insensitively, also under concurrent creations. `initialStock` ' +
      'defaults to 0 and `lowStockThreshold` to 10% of it, at least 5. The stock record is ' +
      'opened from the creation moments later; stock commands sent meanwhile wait for it.',
  })
  // Also keeps the DTO a value import: its class must reach the ValidationPipe as metadata.
  @ApiBody({ type: CreateProductDto })
  @ApiCreatedResponse({ type: ProductCreatedResponse })
  @ApiProblems(400, 401, 403, 409, 422, 503)
  createProduct(
    @Body() body: CreateProductDto,
    @CorrelationId() correlationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProductCreatedResponse> {
    const context = requestContext(correlationId, principal);
    return this.commandBus.execute(
      new CreateProductCommand(
        {
          type: 'CreateProduct',
          data: {
            productId: randomUUID(),
            sku: body.sku,
            name: body.name,
            description: body.description,
            category: body.category,
            priceCents: body.priceCents,
            initialStock: body.initialStock,
            lowStockThreshold: body.lowStockThreshold,
            now: context.now,
          },
        },
        context,
      ),
    );
  }
}
