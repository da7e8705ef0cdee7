import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { sessionDecider, streamName as sessionStream } from '../../../domain/session';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { hashRefreshToken, parseRefreshToken } from '../../../platform/auth/refresh-token';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { RefreshTokenDto } from '../refresh-session/refresh-session.dto';
import { loadSession } from '../shared/session-loader';

@ApiTags('auth')
@Controller('auth')
export class LogoutController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  /**
   * Always 204: a token that is not one of the caller's live sessions (malformed, unknown,
   * someone else's, already ended) changes nothing, and the answer does not say which.
   */
  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({
    summary: 'End the session the refresh token belongs to',
    description:
      "Revokes every refresh token of the caller's session. Access tokens already issued stay " +
      'valid until they expire. A token that is not one of your live sessions changes nothing.',
  })
  @ApiNoContentResponse({ description: 'The session is over (or was not yours to end).' })
  @ApiProblems(400, 401)
  async logout(
    @Body() body: RefreshTokenDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const parsed = parseRefreshToken(body.refreshToken);
    if (!parsed) return;
    const context = requestContext(correlationId, principal);
    const stream = sessionStream(parsed.familyId);
    await this.runner.run(
      sessionDecider,
      stream,
      {
        type: 'EndSession',
        data: {
          familyId: parsed.familyId,
          userId: principal.userId,
          presentedTokenHash: hashRefreshToken(body.refreshToken),
          presentedGeneration: parsed.generation,
          now: context.now,
        },
      },
      context,
      { loaded: await loadSession(this.runner.store, stream) },
    );
  }
}
