import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, ValidationError } from '../../../domain/shared/errors';
import { checkPasswordPolicy, userDecider, streamName as userStream } from '../../../domain/user';
import { type PasswordHashing } from '../../../platform/auth/password-hasher';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { loadAggregate } from '../../../platform/commands/handle-command';
import { type Coordination } from '../../../platform/coordination/ports';
import { UnauthorizedError } from '../../../platform/http';
import { takeRateLimitSlot } from '../../shared/rate-limit-slot';
import {
  COMMAND_RUNNER,
  COORDINATION,
  PASSWORD_HASHING,
  WRITE_SIDE_SETTINGS,
  type WriteSideSettings,
} from '../../shared/tokens';
import { type PositionResponse, positionOf } from '../../shared/position.response';

export class ChangePasswordCommand extends Command<PositionResponse> {
  constructor(
    readonly userId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Proves the current password (401), then stores the hash of the new one. Sessions started
 * before the change end at their next refresh (domain/session), so a thief holding a refresh
 * token is locked out. A stolen access token must not become a password oracle: guesses are
 * limited like logins, per user.
 */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    @Inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @Inject(COORDINATION) private readonly coordination: Coordination,
    @Inject(PASSWORD_HASHING) private readonly passwords: PasswordHashing,
    @Inject(WRITE_SIDE_SETTINGS) private readonly settings: WriteSideSettings,
  ) {}

  async execute(command: ChangePasswordCommand): Promise<PositionResponse> {
    const { userId, currentPassword, newPassword, context } = command;
    // The cheap policy check first: no hashing for a password that cannot be accepted.
    const policy = checkPasswordPolicy(newPassword);
    if (policy !== undefined) throw ValidationError.field('newPassword', policy);

    const limiterKey = `password-change:${userId}`;
    await takeRateLimitSlot(
      this.coordination.rateLimiter,
      limiterKey,
      {
        limit: this.settings.loginFailureLimit,
        windowSeconds: this.settings.loginFailureWindowSeconds,
      },
      'Too many wrong current passwords; retry later.',
    );
    const { state } = await loadAggregate(this.runner.store, userDecider, userStream(userId));
    if (state.status !== 'registered') throw new NotFoundError('user not found');
    if (!(await this.passwords.verify(currentPassword, state.passwordHash))) {
      throw new UnauthorizedError('The current password is wrong.');
    }
    await this.coordination.rateLimiter.reset(limiterKey);

    const passwordHash = await this.passwords.hash(newPassword);
    const outcome = await this.runner.run(
      userDecider,
      userStream(userId),
      { type: 'ChangePassword', data: { userId, newPassword, passwordHash, now: context.now } },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
