import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { userDecider, streamName as userStream } from '../../../domain/user';
import { Authenticated, CurrentPrincipal } from '../../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../../platform/auth/principal';
import { ApiProblems, CorrelationId } from '../../../platform/http';
import { type CommandRunner } from '../../../platform/commands/command-runner';
import { COMMAND_RUNNER } from '../../shared/tokens';
import { requestContext } from '../../shared/request-context';
import { positionOf } from '../../shared/position.response';
import { AddAddressDto, AddressAddedResponse } from './add-address.dto';

@ApiTags('users')
@Controller('users/me/addresses')
export class AddAddressController {
  constructor(@Inject(COMMAND_RUNNER) private readonly runner: CommandRunner) {}

  @Post()
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ summary: 'Add a shipping address (at most 20 per user)' })
  @ApiCreatedResponse({ type: AddressAddedResponse })
  @ApiProblems(400, 401, 404, 409)
  async addAddress(
    @Body() body: AddAddressDto,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId: string,
  ): Promise<AddressAddedResponse> {
    const context = requestContext(correlationId, principal);
    const { userId } = principal;
    const addressId = randomUUID();
    const outcome = await this.runner.run(
      userDecider,
      userStream(userId),
      { type: 'AddAddress', data: { ...body, userId, addressId, now: context.now } },
      context,
    );
    return { addressId, position: positionOf(outcome) };
  }
}
