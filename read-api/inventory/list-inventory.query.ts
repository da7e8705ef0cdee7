import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { QueryBoolean, QueryInteger } from '../shared/query-values';

/**
 * The most items one answer holds. The answer is the plain array SPEC.md shows; a catalog
 * larger than this comes in pages, announced by the `Link` and `X-Next-Cursor` headers rather
 * than by an answer of unbounded size.
 */
export const MAX_INVENTORY_PAGE = 1000;

/** GET /inventory query. Unknown parameters are refused (400). */
export class ListInventoryQueryDto {
  @ApiPropertyOptional({
    type: 'boolean',
    description:
      '`true`: only items whose available stock is at or below their threshold (what the ' +
      'low-stock alert fires on); `false`: only the others.',
  })
  @IsOptional()
  @QueryBoolean()
  lowStock?: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_INVENTORY_PAGE,
    default: MAX_INVENTORY_PAGE,
  })
  @IsOptional()
  @QueryInteger(1, MAX_INVENTORY_PAGE)
  limit: number = MAX_INVENTORY_PAGE;

  @ApiPropertyOptional({ description: 'The `X-Next-Cursor` of the previous answer; opaque.' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  cursor?: string;
}
