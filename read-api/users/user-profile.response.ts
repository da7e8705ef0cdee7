import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type Role } from '../../domain/user';
import { ROLES } from '../../platform/auth/principal';

export class AddressResponse {
  @ApiProperty({ format: 'uuid' }) addressId!: string;
  @ApiPropertyOptional() label?: string;
  @ApiProperty() line1!: string;
  @ApiPropertyOptional() line2?: string;
  @ApiProperty() city!: string;
  @ApiProperty() postalCode!: string;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2.' }) country!: string;
}

export class NotificationPreferencesResponse {
  @ApiProperty({ description: 'Mails about your orders (confirmed, rejected, shipped, ...).' })
  orderUpdates!: boolean;
  @ApiProperty() marketing!: boolean;
}

export class UserProfileResponse {
  @ApiProperty({ format: 'uuid' }) userId!: string;
  @ApiProperty({ description: 'As registered (the case it was typed in).' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [AddressResponse], description: 'In the order they were added.' })
  addresses!: AddressResponse[];
  @ApiProperty({ type: NotificationPreferencesResponse })
  notificationPreferences!: NotificationPreferencesResponse;
  @ApiProperty({ format: 'date-time', description: 'When the user registered.' })
  createdAt!: string;
}
