import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '../../../domain/user';

/**
 * Any strings within the bounds are well-formed: a wrong or malformed email or password is a
 * 401, never a 400, so the answer does not tell which accounts exist.
 */
export class LoginDto {
  @ApiProperty({
    example: 'alice@example.com',
    maxLength: EMAIL_MAX_LENGTH,
    description: 'Compared case-insensitively.',
  })
  @IsString()
  @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;

  // Bounded before it reaches scrypt; no valid password is longer.
  @ApiProperty({ example: 'correct horse 1', maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
