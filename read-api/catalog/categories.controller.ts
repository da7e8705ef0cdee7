import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { ApiProblems } from '../../platform/http';
import { listCategories } from '../../projections/catalog/queries';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { READ_MODELS } from '../shared/tokens';
import { CategoryResponse } from './catalog.responses';

@ApiTags('catalog')
@Controller('categories')
@ReadsFrom('catalog')
export class CategoriesController {
  constructor(@Inject(READ_MODELS) private readonly db: Knex) {}

  @Get()
  @ApiOperation({
    summary: 'Every category with its number of active products, by name',
    description:
      'The counts match what GET /products?category=… lists: discontinued products do not ' +
      'count, and a category without active products is not listed.',
  })
  @ApiOkResponse({ type: [CategoryResponse] })
  // Only for a malformed X-Min-Position or X-Wait-Timeout-Ms.
  @ApiProblems(400)
  listCategories(): Promise<CategoryResponse[]> {
    return listCategories(this.db);
  }
}
