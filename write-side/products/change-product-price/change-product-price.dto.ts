import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_PRICE_CENTS } from '../../../domain/product';

export class ChangeProductPriceDto {
  @ApiProperty({
    description: 'The new price in minor units; 0 makes the product free.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    example: 999,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents!: number;
}
