import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Logger } from 'pino';
import { sessionDecider, streamName as sessionStream } from '../../../domain/session';
import { normaliseEmail } from '../../../domain/user';
import { type AccessTokens } from '../../../platform/auth/access-tokens';
import { ACCESS_TOKENS } from '../../../platform/auth/nest/bearer-auth.guard';
import { verifyPassword, verifyPasswordOfUnknownUser } from '../../../platform/auth/password-hash';
import { generateRefreshToken } from '../../../platform/auth/refresh-token';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { type Coordination } from '../../../platform/coordination/ports';
import { LOGGER, TooManyRequestsError, UnauthorizedError } from '../../../platform/http';
import {
  COMMAND_RUNNER,
  COORDINATION,
  WRITE_SIDE_SETTINGS,
  type WriteSideSettings,
} from '../../shared/tokens';
import { type TokenPairResponse, tokenPair } from '../shared/token-pair';
import { findUserAccountByEmail } from '../shared/user-accounts';

export class LogIn extends Command<TokenPairResponse> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** One message for an unknown email and a wrong password: which one it was stays secret. */
const WRONG_CREDENTIALS = 'The email or password is wrong.';

/**
 * Login starts a session (a refresh-token family) and signs an access token.
 *
 * Rate limit, per normalised email (known or not): every attempt takes a slot of the sliding
 * window BEFORE the password is checked, and a success clears the window. So after
 * `loginFailureLimit` (5) failures within `loginFailureWindowSeconds` (15 min) the next attempt
 * is 429 with Retry-After, even with the right password, until the oldest failure ages out.
 * Taking the slot first is what stops concurrent guesses from all slipping through.
 */
@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  constructor(
    @Inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @Inject(COORDINATION) private readonly coordination: Coordination,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokens,
    @Inject(WRITE_SIDE_SETTINGS) private readonly settings: WriteSideSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ email, password, context }: LogIn): Promise<TokenPairResponse> {
    const limiterKey = `login:${normaliseEmail(email)}`;
    const slot = await this.coordination.rateLimiter.hit(limiterKey, {
      limit: this.settings.loginFailureLimit,
      windowSeconds: this.settings.loginFailureWindowSeconds,
    });
    if (!slot.allowed) {
      throw new TooManyRequestsError(
        'Too many failed logins for this email; retry later.',
        slot.retryAfterSeconds,
      );
    }

    const account = await findUserAccountByEmail(this.runner.store, email);
    const valid = account
      ? await verifyPassword(password, account.user.passwordHash)
      : await verifyPasswordOfUnknownUser(password);
    if (!account || !valid) {
      this.logger.info(
        { correlationId: context.correlationId, userId: account?.user.userId ?? null },
        'login refused',
      );
      throw new UnauthorizedError(WRONG_CREDENTIALS);
    }
    await this.coordination.rateLimiter.reset(limiterKey);

    const { user } = account;
    const refresh = generateRefreshToken();
    const expiresAt = new Date(
      Date.parse(context.now) + this.settings.refreshTokenTtlSeconds * 1000,
    ).toISOString();
    await this.runner.run(
      sessionDecider,
      sessionStream(refresh.familyId),
      {
        type: 'StartSession',
        data: {
          familyId: refresh.familyId,
          userId: user.userId,
          tokenHash: refresh.hash,
          expiresAt,
          now: context.now,
        },
      },
      { ...context, userId: user.userId },
    );
    return tokenPair(this.tokens, user, refresh.token, {
      ttlSeconds: this.settings.accessTokenTtlSeconds,
      now: context.now,
    });
  }
}
