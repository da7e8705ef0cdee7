import { Module } from '@nestjs/common';
import { LoginController } from './login/login.controller';
import { LogInHandler } from './login/login.handler';
import { LogoutController } from './logout/logout.controller';
import { RefreshSessionController } from './refresh-session/refresh-session.controller';
import { RefreshSessionHandler } from './refresh-session/refresh-session.handler';
import { RegisterUserController } from './register-user/register-user.controller';
import { RegisterUserHandler } from './register-user/register-user.handler';

/** Accounts and sessions: register, login, refresh, logout (SPEC "Write API", /auth). */
@Module({
  controllers: [
    RegisterUserController,
    LoginController,
    RefreshSessionController,
    LogoutController,
  ],
  providers: [RegisterUserHandler, LogInHandler, RefreshSessionHandler],
})
export class AuthModule {}
