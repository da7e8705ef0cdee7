import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { ADDRESS_LIMITS, COUNTRY_CODES } from '../../../domain/user';
import { SURROUNDING_SPACE, nonBlankText } from '../../shared/text-constraints.dto';

/**
 * The assigned ISO 3166-1 alpha-2 codes in either case, one alternative per first letter:
 * `[Dd][EJKMOZejkmoz]|...`. Written out so a client or fuzzer knows `QQ` is refused.
 */
function countryCodePattern(): string {
  const secondsByFirst = new Map<string, string[]>();
  for (const code of [...COUNTRY_CODES].sort()) {
    const seconds = secondsByFirst.get(code[0]) ?? [];
    secondsByFirst.set(code[0], [...seconds, code[1]]);
  }
  const bothCases = (letters: string[]): string =>
    letters.join('') + letters.join('').toLowerCase();
  const alternatives = [...secondsByFirst].map(
    ([first, seconds]) => `[${bothCases([first])}][${bothCases(seconds)}]`,
  );
  return `^${SURROUNDING_SPACE}(?:${alternatives.join('|')})${SURROUNDING_SPACE}$`;
}

/** Types only: lengths and the country code are the user aggregate's rules. */
export class AddAddressDto {
  @ApiPropertyOptional({
    example: 'Home',
    maxLength: ADDRESS_LIMITS.label,
    description: 'Blank is the same as leaving it out.',
  })
  @IsOptional()
  @IsString()
  label?: string;

  @ApiProperty({ example: 'Invalidenstraße 117', ...nonBlankText(ADDRESS_LIMITS.line1) })
  @IsString()
  line1!: string;

  @ApiPropertyOptional({
    example: '3rd floor',
    maxLength: ADDRESS_LIMITS.line2,
    description: 'Blank is the same as leaving it out.',
  })
  @IsOptional()
  @IsString()
  line2?: string;

  @ApiProperty({ example: 'Berlin', ...nonBlankText(ADDRESS_LIMITS.city) })
  @IsString()
  city!: string;

  @ApiProperty({ example: '10115', ...nonBlankText(ADDRESS_LIMITS.postalCode) })
  @IsString()
  postalCode!: string;

  @ApiProperty({
    example: 'DE',
    pattern: countryCodePattern(),
    description:
      'An officially assigned ISO 3166-1 alpha-2 code, case-insensitive (stored upper-case).',
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
