import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandContext } from '../../../platform/commands/command-context';
import { type EventStore } from '../../../platform/event-store/port';
import { decision } from '../../shared/execute-decision';
import { EVENT_STORE } from '../../shared/tokens';
import { type RunDecision } from '../shared/run-decision';
import { type NewUser, type RegisteredUserResult, registerUser } from './register-user';

export class RegisterUserCommand extends Command<RegisteredUserResult> {
  constructor(
    readonly newUser: NewUser,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Two deciders (the email claim, then the user), each appended through ExecuteDecision. */
@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  private readonly run: RunDecision = (decider, streamName, command, context) =>
    this.commandBus.execute(decision(decider, streamName, command, context));

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CommandBus) private readonly commandBus: CommandBus,
  ) {}

  execute({ newUser, context }: RegisterUserCommand): Promise<RegisteredUserResult> {
    return registerUser(this.store, this.run, newUser, context);
  }
}
