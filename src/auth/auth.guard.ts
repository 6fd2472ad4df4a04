import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/config.js';
import { ACCESS_KEY, type AuthenticatedRequest } from './access.decorator.js';
import { roleCan, type Capability } from './roles.js';
import { TokenService } from './token.service.js';

/** Every route declares the capability it needs; a route that declares none is refused. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly metricsTokenDigest?: Buffer;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    config: AppConfig,
  ) {
    this.metricsTokenDigest = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const needed = this.reflector.getAllAndOverride<Capability | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) {
      // A scraper's token opens /metrics and nothing else: it is no API token, so it names no principal.
      if (needed === 'metrics' && this.isMetricsToken(token)) return true;
      request.principal = await this.tokens.authenticate(token);
      if (!request.principal) throw new UnauthorizedException('The token is unknown or revoked');
    }
    if (needed === undefined) throw new ForbiddenException('This route declares no access rule');
    if (needed === 'public') return true;
    if (!request.principal) throw new UnauthorizedException('This request needs a token: Authorization: Bearer <token>');
    if (!roleCan(request.principal.role, needed)) {
      throw new ForbiddenException(`The ${request.principal.role} role may not do this (it needs ${needed})`);
    }
    return true;
  }

  private isMetricsToken(token: string): boolean {
    return this.metricsTokenDigest !== undefined && timingSafeEqual(digest(token), this.metricsTokenDigest);
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthorizedException('The Authorization header must be: Bearer <token>');
  return match[1];
}
