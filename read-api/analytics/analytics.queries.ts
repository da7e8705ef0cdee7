import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MaxLength } from 'class-validator';
import {
  DEFAULT_WINDOW_DAYS,
  GRANULARITIES,
  type Granularity,
  MAX_DAILY_DAYS,
  MAX_HOURLY_DAYS,
} from '../../projections/analytics/window';

const BOUND =
  'ISO 8601 date (`2025-05-01`, midnight UTC) or date-time (`2025-05-01T10:00:00Z`; UTC unless ' +
  'it names an offset). Widened to whole buckets: `from` rounded down, `to` up.';

/**
 * The shape parseInstant (projections/analytics/window.ts) accepts, from 1970 on, for the
 * document; a day the month does not have (02-30) is still refused by the parser.
 */
const INSTANT_PATTERN =
  '^(?:19[7-9][0-9]|[2-9][0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])' +
  '(?:[Tt ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,9})?)?' +
  '(?:[Zz]|[+ -][0-9]{2}:?[0-9]{2})?)?$';

/** `from` and `to` of every analytics query; their meaning is checked in analyticsWindow. */
export class AnalyticsWindowQueryDto {
  @ApiPropertyOptional({
    description: `Start of the window (inclusive). ${BOUND} Default: ${DEFAULT_WINDOW_DAYS} days before \`to\`.`,
    example: '2025-05-01',
    pattern: INSTANT_PATTERN,
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  from?: string;

  @ApiPropertyOptional({
    description: `End of the window (exclusive). ${BOUND} Default: now.`,
    example: '2025-06-01',
    pattern: INSTANT_PATTERN,
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;
}

export class SalesQueryDto extends AnalyticsWindowQueryDto {
  @ApiPropertyOptional({
    enum: GRANULARITIES,
    default: 'hour',
    description:
      `One row per UTC hour (at most ${MAX_HOURLY_DAYS} days) or UTC day (at most ` +
      `${MAX_DAILY_DAYS} days).`,
  })
  @IsOptional()
  @IsIn(GRANULARITIES, { message: `must be one of ${GRANULARITIES.join(', ')}` })
  granularity: Granularity = 'hour';
}

export const DEFAULT_TOP_PRODUCTS = 10;
export const MAX_TOP_PRODUCTS = 100;

export class TopProductsQueryDto extends AnalyticsWindowQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_TOP_PRODUCTS,
    default: DEFAULT_TOP_PRODUCTS,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TOP_PRODUCTS)
  limit: number = DEFAULT_TOP_PRODUCTS;
}
