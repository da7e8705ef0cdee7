import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Logger } from 'pino';
import {
  RefreshTokenRejectedError,
  sessionDecider,
  streamName as sessionStream,
} from '../../../domain/session';
import { type AccessTokens } from '../../../platform/auth/access-tokens';
import { ACCESS_TOKENS } from '../../../platform/auth/nest/bearer-auth.guard';
import {
  generateRefreshToken,
  hashRefreshToken,
  parseRefreshToken,
} from '../../../platform/auth/refresh-token';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { LOGGER, UnauthorizedError } from '../../../platform/http';
import { COMMAND_RUNNER, WRITE_SIDE_SETTINGS, type WriteSideSettings } from '../../shared/tokens';
import { type TokenPairResponse, tokenPair } from '../shared/token-pair';
import { loadSession } from '../shared/session-loader';
import { loadUserAccount } from '../shared/user-accounts';

export class RefreshSession extends Command<TokenPairResponse> {
  constructor(
    readonly refreshToken: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Every refusal looks the same to the client; the reason goes to the log. */
const REFUSED = 'The refresh token is invalid, expired or revoked.';

/**
 * Spends the presented refresh token for a new pair (domain/session decides). The access token
 * gets the user's current roles, read from the user stream, which also says whether the password
 * changed since the session began. A spent token revokes the family: that is appended, then 401.
 *
 * Two concurrent refreshes with one token: the first append wins and rotates; the second fails
 * its expected revision, is decided again on the fresh stream, finds its token spent and revokes
 * the family, so the winner's new token dies too and the client logs in again. That is the
 * standard price of rotation (a client must not refresh in parallel), and it errs on the safe side.
 */
@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession> {
  constructor(
    @Inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokens,
    @Inject(WRITE_SIDE_SETTINGS) private readonly settings: WriteSideSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ refreshToken, context }: RefreshSession): Promise<TokenPairResponse> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed) return this.refuse(context, 'malformed');
    const stream = sessionStream(parsed.familyId);
    // Read once (usually one event): the runner decides on it rather than reading again.
    const loaded = await loadSession(this.runner.store, stream);
    const session = loaded.state;
    if (session.status === 'none') return this.refuse(context, 'unknown-session');
    const account = await loadUserAccount(this.runner.store, session.userId);
    if (!account) return this.refuse(context, 'unknown-user');

    // Minted for the generation after the current one; if the session is not active the
    // decider refuses and the token is never handed out.
    const nextGeneration = session.status === 'active' ? session.generation + 1 : 0;
    const next = generateRefreshToken(parsed.familyId, nextGeneration);
    const asUser = { ...context, userId: session.userId };
    const { events } = await this.runner
      .run(
        sessionDecider,
        stream,
        {
          type: 'RotateRefreshToken',
          data: {
            familyId: parsed.familyId,
            presentedTokenHash: hashRefreshToken(refreshToken),
            presentedGeneration: parsed.generation,
            newTokenHash: next.hash,
            newGeneration: nextGeneration,
            passwordChangedAt: account.passwordChangedAt,
            now: context.now,
          },
        },
        asUser,
        { loaded },
      )
      .catch((error: unknown) => {
        if (error instanceof RefreshTokenRejectedError) return this.refuse(asUser, error.reason);
        throw error;
      });
    const revoked = events.find((event) => event.type === 'SessionRevoked');
    if (revoked) {
      this.logger.warn(
        {
          correlationId: context.correlationId,
          userId: session.userId,
          reason: revoked.data.reason,
        },
        'refresh token session revoked',
      );
      throw new UnauthorizedError(REFUSED);
    }
    return tokenPair(this.tokens, account.user, next.token, {
      ttlSeconds: this.settings.accessTokenTtlSeconds,
      now: context.now,
    });
  }

  private refuse(context: CommandContext, reason: string): never {
    this.logger.info(
      { correlationId: context.correlationId, userId: context.userId, reason },
      'refresh token refused',
    );
    throw new UnauthorizedError(REFUSED);
  }
}
