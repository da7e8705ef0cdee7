import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/** GET /notifications, over the `notifications` read model. */
@Module({ controllers: [NotificationsController] })
export class NotificationsReadModule {}
