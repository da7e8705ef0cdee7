import { ApiProperty } from '@nestjs/swagger';
import { type NotificationTemplate, notificationTemplates } from '../../domain/notification';
import { type NotificationStatus } from '../../projections/notifications/tables';

export class NotificationResponse {
  @ApiProperty() notificationId!: string;
  @ApiProperty({ enum: notificationTemplates }) template!: NotificationTemplate;
  // Not `format: email`: addresses are as registered, and registration is looser than RFC 5322.
  @ApiProperty({ description: 'The address the mail goes to.' }) to!: string;
  @ApiProperty() subject!: string;

  @ApiProperty({
    enum: ['pending', 'sent', 'failed'],
    description:
      '`pending` until it is sent (also while failed attempts are retried), `failed` only ' +
      'after its last attempt failed.',
  })
  status!: NotificationStatus;

  @ApiProperty({ description: 'Delivery attempts made so far.' }) attempts!: number;
  @ApiProperty({ format: 'date-time', description: 'When it was requested.' }) createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Null until sent.',
  })
  sentAt!: string | null;
}

export class NotificationPageResponse {
  @ApiProperty({ type: [NotificationResponse], description: 'Newest first.' })
  items!: NotificationResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
