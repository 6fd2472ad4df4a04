import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessCache } from './access/access-cache.js';
import { Authenticator } from './access/authenticator.js';
import { AdminTokenBootstrap } from './admin-token.bootstrap.js';
import { ApiToken } from './api-token.entity.js';
import { AuthGuard } from './auth.guard.js';
import { SessionController } from './session.controller.js';
import { Sessions } from './sessions/sessions.js';
import { SignOutController } from './sessions/sign-out.controller.js';
import { TokenService } from './token.service.js';
import { TokensController } from './tokens.controller.js';

/** Tokens, sessions and the guard; who a person is comes from the people feature's PersonAccessSource. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken])],
  controllers: [TokensController, SessionController, SignOutController],
  providers: [TokenService, AdminTokenBootstrap, AccessCache, Sessions, Authenticator, AuthGuard],
  exports: [TokenService, AuthGuard, Sessions, AccessCache, Authenticator],
})
export class AuthModule {}
