import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { type PasswordHashing } from '../../../platform/auth/password-hasher';
import { COMMAND_RUNNER, PASSWORD_HASHING } from '../../shared/tokens';
import { type NewUser, type RegisteredUserResult, registerUser } from './register-user';

export class RegisterUserCommand extends Command<RegisteredUserResult> {
  constructor(
    readonly newUser: NewUser,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Two deciders (the email claim, then the user), shared with the admin bootstrap and the CLI. */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    @Inject(COMMAND_RUNNER) private readonly runner: CommandRunner,
    @Inject(PASSWORD_HASHING) private readonly passwords: PasswordHashing,
  ) {}

  execute({ newUser, context }: RegisterUserCommand): Promise<RegisteredUserResult> {
    return registerUser(this.runner, newUser, context, this.passwords);
  }
}
