import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ShipOrderDto {
  @ApiPropertyOptional({
    description: 'The carrier’s tracking number. Blank is the same as leaving it out.',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  trackingNumber?: string;
}
