import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../domain/user';
import { PASSWORD_PATTERN } from '../../shared/text-constraints.dto';

export class ChangePasswordDto {
  // Bounded before it reaches scrypt; no valid password is longer.
  @ApiProperty({
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'A wrong one is 401, not 400.',
  })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @ApiProperty({
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    pattern: PASSWORD_PATTERN,
    description: `At least ${PASSWORD_MIN_LENGTH} characters, with a letter and a digit.`,
  })
  @IsString()
  newPassword!: string;
}
