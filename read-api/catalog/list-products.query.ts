import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATEGORY_MAX_LENGTH, MAX_PRICE_CENTS } from '../../domain/product';
import { PRODUCT_SORTS, type ProductSort } from '../../projections/catalog/queries';
import { PageQueryDto } from '../shared/page-query.dto';
import { QueryBoolean, QueryInteger } from '../shared/query-values';

export const SEARCH_MAX_LENGTH = 200;

/** GET /products query: paging, search, filters and sort. Unknown parameters are refused (400). */
export class ListProductsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: SEARCH_MAX_LENGTH,
    description:
      'Full text over name and description, English-stemmed ("mugs" finds "mug"). Web-search ' +
      'syntax: `"exact phrase"`, `-excluded`, `a or b`. Blank means no search.',
    example: 'blue mug',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SEARCH_MAX_LENGTH)
  q?: string;

  @ApiPropertyOptional({ description: 'Exactly this category, as GET /categories lists it.' })
  @IsOptional()
  @IsString()
  @MaxLength(CATEGORY_MAX_LENGTH)
  category?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_PRICE_CENTS })
  @IsOptional()
  @QueryInteger(0, MAX_PRICE_CENTS)
  minPriceCents?: number;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    description: 'Inclusive; not below `minPriceCents`.',
  })
  @IsOptional()
  @QueryInteger(0, MAX_PRICE_CENTS)
  maxPriceCents?: number;

  @ApiPropertyOptional({
    type: 'boolean',
    description: '`true`: only products with stock available; `false`: only sold-out ones.',
  })
  @IsOptional()
  @QueryBoolean()
  inStock?: boolean;

  @ApiPropertyOptional({
    enum: PRODUCT_SORTS,
    default: 'name',
    description:
      '`name` (A to Z, case-insensitive), `price` (cheapest first), `-price` (dearest first), ' +
      '`newest` (latest created first). Ties go by product id. Also applies with `q`.',
  })
  @IsOptional()
  @IsIn(PRODUCT_SORTS, { message: `must be one of ${PRODUCT_SORTS.join(', ')}` })
  sort: ProductSort = 'name';
}
