import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_QUANTITY } from '../../../domain/inventory';
import {
  CATEGORY_MAX_LENGTH,
  DESCRIPTION_MAX_LENGTH,
  MAX_PRICE_CENTS,
  NAME_MAX_LENGTH,
  SKU_FORMAT,
} from '../../../domain/product';
import { nonBlankText } from '../../shared/text-constraints.dto';
import { Omittable } from '../omittable.decorator';

/** The limits are the domain's (domain/product/policies.ts), stated again for the API docs. */
export class CreateProductDto {
  @ApiProperty({
    description: 'Stock keeping unit, unique case-insensitively; stored upper-cased.',
    pattern: SKU_FORMAT.source,
    example: 'MUG-BLUE-L',
  })
  @IsString()
  @Matches(SKU_FORMAT, {
    message: 'must be 1 to 64 characters of letters, digits, ".", "_" or "-"',
  })
  sku!: string;

  @ApiProperty({ ...nonBlankText(NAME_MAX_LENGTH), example: 'Blue mug, large' })
  @IsString()
  @MaxLength(NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({
    maxLength: DESCRIPTION_MAX_LENGTH,
    example: 'Holds 450 ml of tea.',
    description: 'May be blank; leave it out rather than sending null.',
  })
  @Omittable()
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiProperty({ ...nonBlankText(CATEGORY_MAX_LENGTH), example: 'Kitchen' })
  @IsString()
  @MaxLength(CATEGORY_MAX_LENGTH)
  category!: string;

  @ApiProperty({
    description: 'Price in minor units of the deployment currency; 0 is a free product.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    example: 1299,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents!: number;

  @ApiPropertyOptional({
    description: 'Units on hand from the start.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_QUANTITY,
    default: 0,
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  initialStock?: number;

  @ApiPropertyOptional({
    description:
      'Available units at or below which a low-stock alert is sent. Default: 10% of the ' +
      'initial stock, at least 5.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_QUANTITY,
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  lowStockThreshold?: number;
}

export class ProductCreatedResponse {
  @ApiProperty({ format: 'uuid' })
  productId!: string;

  @ApiProperty({
    description:
      "Position of the last event appended (the product's inventory record); opaque, also in " +
      '`X-Position`.',
    example: '000000000000000042',
  })
  position!: string;
}
