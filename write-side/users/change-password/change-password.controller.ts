import { Body, Controller, HttpCode, Inject, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { requestContext } from '../../shared/request-context';
import { PositionResponse } from '../../shared/position.response';
import { ChangePasswordDto } from './change-password.dto';
import { ChangePasswordCommand } from './change-password.handler';

@ApiTags('users')
@Controller('users/me')
export class ChangePasswordController {
  constructor(@Inject(CommandBus) private readonly commandBus: CommandBus) {}

  @Put('password')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary: 'Change your password',
    description:
      'Needs the current password (401 when wrong; 429 after 5 wrong ones within 15 minutes). ' +
      'Refresh tokens of sessions started before the change stop working.',
  })
  @ApiOkResponse({ type: PositionResponse })
  @ApiProblems(400, 401, 404, 429, 503)
  changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<PositionResponse> {
    return this.commandBus.execute(
      new ChangePasswordCommand(
        principal.userId,
        body.currentPassword,
        body.newPassword,
        requestContext(correlationId, principal),
      ),
    );
  }
}
