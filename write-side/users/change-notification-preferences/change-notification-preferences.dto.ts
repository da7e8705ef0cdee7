import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

/** A PUT: both flags are required, the new preferences replace the old ones. */
export class NotificationPreferencesDto {
  @ApiProperty({ description: 'Mails about your orders (confirmed, shipped, ...).' })
  @IsBoolean()
  orderUpdates!: boolean;

  @ApiProperty({ description: 'Marketing mails.' })
  @IsBoolean()
  marketing!: boolean;
}
