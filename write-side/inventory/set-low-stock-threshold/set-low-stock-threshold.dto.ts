import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../../../domain/inventory';

export class SetLowStockThresholdDto {
  @ApiProperty({
    description: 'Available units at or below which a low-stock alert is sent; 0 alerts at none.',
    type: 'integer',
    minimum: 0,
    maximum: MAX_QUANTITY,
    example: 12,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_QUANTITY)
  threshold!: number;
}
