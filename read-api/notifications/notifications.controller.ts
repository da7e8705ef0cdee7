import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Knex } from 'knex';
import { Authenticated, CurrentPrincipal } from '../../platform/auth/nest/bearer-auth.guard';
import { type Principal } from '../../platform/auth/principal';
import { ApiProblems } from '../../platform/http';
import { type NotificationKey, listNotifications } from '../../projections/notifications/queries';
import { type CursorCodec } from '../shared/cursor';
import { PageQueryDto } from '../shared/page-query.dto';
import { ReadsFrom } from '../shared/reads-from.decorator';
import { CURSORS, READ_MODELS } from '../shared/tokens';
import { NotificationPageResponse } from './notification.responses';

/**
 * The mails the system sent or is sending. A user sees the ones addressed to them; an admin
 * sees all of them, alerts to ALERT_EMAIL (which belong to no user) included.
 */
@ApiTags('notifications')
@Controller('notifications')
@ReadsFrom('notifications')
export class NotificationsController {
  constructor(
    @Inject(READ_MODELS) private readonly db: Knex,
    @Inject(CURSORS) private readonly cursors: CursorCodec,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: 'List notifications, newest first',
    description:
      'A user’s own notifications, or every notification for an admin. Keyset-paged: pass ' +
      '`nextCursor` back as `cursor`.',
  })
  @ApiOkResponse({ type: NotificationPageResponse })
  @ApiProblems(400, 401)
  async listNotifications(
    @Query() query: PageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationPageResponse> {
    const userId = principal.roles.includes('admin') ? undefined : principal.userId;
    // Bound to whose list it pages: an admin's cursor means nothing in a customer's list.
    const scope = `notifications:${userId ?? '*'}`;
    const after = query.cursor === undefined ? undefined : this.keyFrom(query.cursor, scope);
    const page = await listNotifications(this.db, { userId, limit: query.limit, after });
    const next = page.nextKey;
    return {
      items: page.items,
      nextCursor: next && this.cursors.encode(scope, [next.createdAt, next.notificationId]),
    };
  }

  private keyFrom(cursor: string, scope: string): NotificationKey {
    const [createdAt, notificationId] = this.cursors.decode(cursor, scope, ['timestamp', 'uuid']);
    return { createdAt, notificationId };
  }
}
