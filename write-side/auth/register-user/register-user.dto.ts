import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '../../../domain/user';
import { EMAIL_PATTERN, PASSWORD_PATTERN, nonBlankText } from '../../shared/text-constraints.dto';

/** Types only: formats and lengths are the user aggregate's rules, reported field by field. */
export class RegisterUserDto {
  @ApiProperty({
    example: 'alice@example.com',
    maxLength: EMAIL_MAX_LENGTH,
    pattern: EMAIL_PATTERN,
    description:
      'Unique, compared case-insensitively. One @, no whitespace, a dot in the domain; ' +
      'surrounding whitespace is trimmed.',
  })
  @IsString()
  email!: string;

  @ApiProperty({
    example: 'correct horse 1',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
    pattern: PASSWORD_PATTERN,
    description: `At least ${PASSWORD_MIN_LENGTH} characters, with a letter and a digit.`,
  })
  @IsString()
  password!: string;

  @ApiProperty({
    example: 'Alice',
    ...nonBlankText(NAME_MAX_LENGTH),
    description: 'Not blank; surrounding whitespace is trimmed.',
  })
  @IsString()
  name!: string;
}

export class RegisteredResponse {
  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ description: 'Position of the UserRegistered event (also in X-Position).' })
  position!: string;
}
