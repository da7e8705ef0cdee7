import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ADDRESS_LIMITS } from '../../../domain/user';

/** Types only: lengths and the country code are the user aggregate's rules. */
export class AddAddressDto {
  @ApiPropertyOptional({ example: 'Home', maxLength: ADDRESS_LIMITS.label })
  @IsOptional()
  @IsString()
  label?: string;

  @ApiProperty({ example: 'Invalidenstraße 117', maxLength: ADDRESS_LIMITS.line1 })
  @IsString()
  line1!: string;

  @ApiPropertyOptional({ example: '3rd floor', maxLength: ADDRESS_LIMITS.line2 })
  @IsOptional()
  @IsString()
  line2?: string;

  @ApiProperty({ example: 'Berlin', maxLength: ADDRESS_LIMITS.city })
  @IsString()
  city!: string;

  @ApiProperty({ example: '10115', maxLength: ADDRESS_LIMITS.postalCode })
  @IsString()
  postalCode!: string;

  @ApiProperty({
    example: 'DE',
    description: 'ISO 3166-1 alpha-2, case-insensitive (stored upper-case).',
  })
  @IsString()
  country!: string;
}

export class AddressAddedResponse {
  @ApiProperty({ format: 'uuid', description: 'Use it as `shippingAddressId` of an order.' })
  addressId!: string;

  @ApiProperty({ description: 'Position of the UserAddressAdded event (also in X-Position).' })
  position!: string;
}
