import { Body, Controller, HttpCode, Inject, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { NotificationPreferencesDto } from './change-notification-preferences.dto';

@ApiTags('users')
@Controller('users/me/notification-preferences')
export class ChangeNotificationPreferencesController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Put()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Choose which mails you get' })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 404)
  async changeNotificationPreferences(
    @Body() body: NotificationPreferencesDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const { userId } = principal;
    const outcome = await this.runner.run(
      userDecider,
      userStream(userId),
      {
        type: 'ChangeNotificationPreferences',
        data: {
          userId,
          orderUpdates: body.orderUpdates,
          marketing: body.marketing,
          now: context.now,
        },
      },
      context,
    );
    return { position: positionOf(outcome) };
  }
}
