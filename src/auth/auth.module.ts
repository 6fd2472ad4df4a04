import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminTokenBootstrap } from './admin-token.bootstrap.js';
import { ApiToken } from './api-token.entity.js';
import { AuthGuard } from './auth.guard.js';
import { SessionController } from './session.controller.js';
import { TokenService } from './token.service.js';
import { TokensController } from './tokens.controller.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ApiToken])],
  controllers: [TokensController, SessionController],
  providers: [TokenService, AdminTokenBootstrap, AuthGuard],
  exports: [TokenService, AuthGuard],
})
export class AuthModule {}
