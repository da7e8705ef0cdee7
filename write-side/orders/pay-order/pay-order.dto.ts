import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { nonBlankText } from '../../shared/text-constraints.dto';

export class PayOrderDto {
  @ApiProperty({
    description: 'The payment provider’s reference for the captured payment.',
    ...nonBlankText(200),
    example: 'pi_3PqR2x',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  paymentReference!: string;
}
