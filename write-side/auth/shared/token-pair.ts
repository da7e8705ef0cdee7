import { ApiProperty } from '@nestjs/swagger';
import { type RegisteredUser } from '../../../domain/user';
import { type AccessTokens } from '../../../platform/auth/access-tokens';

/** The answer of login and refresh (SPEC: `{accessToken, refreshToken, tokenType, expiresIn}`). */
export class TokenPairResponse {
  @ApiProperty({ description: 'HS256 JWT for `Authorization: Bearer`.' })
  accessToken!: string;

  @ApiProperty({
    description: 'Opaque; spent by POST /auth/refresh. Presenting a spent one ends the session.',
  })
  refreshToken!: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType!: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn!: number;
}

/** Signs an access token carrying the user's current roles, paired with `refreshToken`. */
export async function tokenPair(
  tokens: AccessTokens,
  user: RegisteredUser,
  refreshToken: string,
  options: { ttlSeconds: number; now: string },
): Promise<TokenPairResponse> {
  const access = await tokens.sign(
    { sub: user.userId, roles: user.roles, email: user.email },
    { expiresInSeconds: options.ttlSeconds, now: new Date(options.now) },
  );
  return {
    accessToken: access.token,
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: access.expiresIn,
  };
}
