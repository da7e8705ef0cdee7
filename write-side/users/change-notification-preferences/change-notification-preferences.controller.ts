import { Body, Controller, HttpCode, Inject, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { decision } from '../../shared/execute-decision';
import { requestContext } from '../../shared/request-context';
import { PositionResponse, positionOf } from '../../shared/position.response';
import { NotificationPreferencesDto } from './change-notification-preferences.dto';

@ApiTags('users')
@Controller('users/me/notification-preferences')
export class ChangeNotificationPreferencesController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Put()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Choose which mails you get' })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 404)
  async changePreferences(
    @Body() body: NotificationPreferencesDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<PositionResponse> {
    const context = requestContext(correlationId, principal);
    const { userId } = principal;
    const outcome = await this.commandBus.execute(
      decision(
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
      ),
    );
    return { position: positionOf(outcome) };
  }
}
