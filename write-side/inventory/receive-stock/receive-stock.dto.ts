import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_QUANTITY } from '../../../domain/inventory';

export class ReceiveStockDto {
  @ApiProperty({
    description: 'Units that arrived; added to on-hand.',
    type: 'integer',
    minimum: 1,
    maximum: MAX_QUANTITY,
    example: 24,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity!: number;
}
