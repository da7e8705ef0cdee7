import { Module } from '@nestjs/common';
import { UsersController } from './users.controller';

/** GET /users/me, over the `users` read model. */
@Module({ controllers: [UsersController] })
export class UsersReadModule {}
