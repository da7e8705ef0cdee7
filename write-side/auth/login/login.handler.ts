import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Logger } from 'pino';
import { sessionDecider, streamName as sessionStream } from '../../../domain/session';
import { type AccessTokens } from '../../../platform/auth/access-tokens';
import { ACCESS_TOKENS } from '../../../platform/auth/nest/bearer-auth.guard';
import { type PasswordHashing } from '../../../platform/auth/password-hasher';
import { generateRefreshToken } from '../../../platform/auth/refresh-token';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { type Coordination } from '../../../platform/coordination/ports';
import { LOGGER, UnauthorizedError } from '../../../platform/http';
import {
  COMMAND_RUNNER,
  COORDINATION,
  PASSWORD_HASHING,
  WRITE_SIDE_SETTINGS,
  type WriteSideSettings,
} from '../../shared/tokens';
import { type TokenPairResponse, tokenPair } from '../shared/token-pair';
import { findUserAccountByEmail } from '../shared/user-accounts';
import { LoginThrottle } from './login-throttle';

export class LogIn extends Command<TokenPairResponse> {
  constructor(
    readonly email: string,
    readonly password: string,
    /** The client address (see ClientKey), for the lockout per email and address. */
    readonly client: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** One message for an unknown email and a wrong password: which one it was stays secret. */
const WRONG_CREDENTIALS = 'The email or password is wrong.';

/**
 * Login starts a session (a refresh-token family) and signs an access token, after the lockout
 * (login-throttle.ts) has admitted the attempt and the password checks out. Password checks go
 * through the bounded hashing queue: when it is full the answer is 503 with Retry-After.
 */
@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @Inject(COORDINATION) coordination: Coordination,
    @Inject(PASSWORD_HASHING) private readonly passwords: PasswordHashing,
    @Inject(ACCESS_TOKENS) private readonly tokens: AccessTokens,
    @Inject(WRITE_SIDE_SETTINGS) private readonly settings: WriteSideSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.throttle = new LoginThrottle(coordination.rateLimiter, settings);
  }

  async execute({ email, password, client, context }: LogIn): Promise<TokenPairResponse> {
    await this.throttle.admit(email, client);
    const account = await findUserAccountByEmail(this.runner.store, email);
    const valid = account
      ? await this.passwords.verify(password, account.user.passwordHash)
      : await this.passwords.verifyUnknownUser(password);
    if (!account || !valid) {
      this.logger.info(
        { correlationId: context.correlationId, userId: account?.user.userId ?? null },
        'login refused',
      );
      throw new UnauthorizedError(WRONG_CREDENTIALS);
    }
    await this.throttle.succeeded(email, client);
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
