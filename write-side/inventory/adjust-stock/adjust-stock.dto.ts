import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min, NotEquals } from 'class-validator';
import { MAX_QUANTITY, REASON_MAX_LENGTH } from '../../../domain/inventory';
import { nonBlankText } from '../../shared/text-constraints.dto';

export class AdjustStockDto {
  @ApiProperty({
    description:
      'Signed correction of on-hand (a count, breakage, theft). On-hand may not drop below ' +
      'the units reserved for orders.',
    type: 'integer',
    minimum: -MAX_QUANTITY,
    maximum: MAX_QUANTITY,
    not: { enum: [0] },
    example: -2,
  })
  @IsInt()
  @NotEquals(0, { message: 'must not be zero' })
  @Min(-MAX_QUANTITY)
  @Max(MAX_QUANTITY)
  delta!: number;

  @ApiProperty({
    ...nonBlankText(REASON_MAX_LENGTH),
    example: 'two mugs broken in the warehouse',
  })
  @IsString()
  @MaxLength(REASON_MAX_LENGTH)
  reason!: string;
}
