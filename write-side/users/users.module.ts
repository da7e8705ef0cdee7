import { Module } from '@nestjs/common';
import { AddAddressController } from './add-address/add-address.controller';
import { ChangeNotificationPreferencesController } from './change-notification-preferences/change-notification-preferences.controller';
import { ChangePasswordController } from './change-password/change-password.controller';
import { ChangePasswordHandler } from './change-password/change-password.handler';
import { RemoveAddressController } from './remove-address/remove-address.controller';
import { RenameUserController } from './rename-user/rename-user.controller';

/** The caller's own account: /users/me (SPEC "Write API"). */
@Module({
  controllers: [
    RenameUserController,
    ChangePasswordController,
    AddAddressController,
    RemoveAddressController,
    ChangeNotificationPreferencesController,
  ],
  providers: [ChangePasswordHandler],
})
export class UsersModule {}
