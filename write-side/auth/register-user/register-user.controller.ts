import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { RegisterUserCommand } from './register-user.handler';
import { RegisterUserDto, RegisteredResponse } from './register-user.dto';
import { LimitedPerClient } from '../client-limits/client-rate-limit.guard';
import { NoStore } from '../shared/no-store.decorator';

@ApiTags('auth')
@Controller('auth')
export class RegisterUserController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Post('register')
  @HttpCode(201)
  @LimitedPerClient('register')
  @NoStore()
  @ApiOperation({
    summary: 'Create a customer account',
    description:
      'Each client address may register only so many accounts a minute (429), and when too ' +
      'many password hashes are waiting the answer is 503; both come with Retry-After.',
  })
  @ApiCreatedResponse({ type: RegisteredResponse })
  @ApiProblems(400, 409, 429, 503)
  registerUser(
    @Body() body: RegisterUserDto,
    @CorrelationId() correlationId: string,
  ): Promise<RegisteredResponse> {
    const userId = randomUUID();
    // The new user acts on their own behalf: their id goes into the events' metadata.
    const context = { ...requestContext(correlationId, null), userId };
    return this.commandBus.execute(
      new RegisterUserCommand(
        {
          userId,
          email: body.email,
          name: body.name,
          password: body.password,
          roles: ['customer'],
        },
        context,
      ),
    );
  }
}
