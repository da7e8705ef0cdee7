import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

const REFRESH_TOKEN_MAX_LENGTH = 512;

export class RefreshTokenDto {
  @ApiProperty({
    description:
      'The refresh token of the last login or refresh. One that is malformed, unknown or spent ' +
      'is not a 400: refresh answers 401, logout changes nothing.',
    maxLength: REFRESH_TOKEN_MAX_LENGTH,
  })
  @IsString()
  @MaxLength(REFRESH_TOKEN_MAX_LENGTH)
  refreshToken!: string;
}
