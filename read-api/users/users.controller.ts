import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { NotFoundError } from '../../domain/shared/errors';
import { Authenticated, CurrentPrincipal } from '../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../platform/auth/principal';
import { ApiProblems } from '../../platform/http';
import { findUserProfile } from '../../projections/users/queries';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { READ_MODELS } from '../shared/tokens';
import { UserProfileResponse } from './user-profile.response';

@ApiTags('users')
@Controller('users/me')
@ReadsFrom('users')
export class UsersController {
  constructor(@Inject(READ_MODELS) private readonly db: Knex) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'Your profile: name, email, roles, addresses and notification preferences',
    description:
      'Right after registering, the profile may not be projected yet (404): send the ' +
      'registration’s `position` as X-Min-Position to wait for it.',
  })
  @ApiOkResponse({ type: UserProfileResponse })
  @ApiProblems(400, 401, 404)
  async getMyProfile(@CurrentPrincipal() principal: Principal): Promise<UserProfileResponse> {
    const profile = await findUserProfile(this.db, principal.userId);
    if (!profile) throw new NotFoundError('user not found');
    return profile;
  }
}
