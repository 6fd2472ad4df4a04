import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/config.js';
import { ApplicationError } from '../errors/application-error.js';
import { ACCESS_KEY, type AuthenticatedRequest } from './access.decorator.js';
import { Authenticator } from './access/authenticator.js';
import { roleCan, type Capability } from './roles.js';
import { comesFromOwnOrigin, isUnsafeMethod } from './sessions/same-origin.js';
import { sessionCookieOf } from './sessions/session-cookie.js';

/** A write carried by the session cookie from a page of another origin: what a cross-site request forgery looks like. */
export class CrossOriginWrite extends ApplicationError {
  override readonly name = 'CrossOriginWrite';
  readonly code = 'cross-origin-write';
  readonly kind = 'forbidden';
}

/** Routes of one process: their role is the person's role on that process. */
const PROCESS_ROUTE = /^\/api\/processes\/:id(\/|$)/;

/** Every route declares the capability it needs; a route that declares none is refused. */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly metricsTokenDigest?: Buffer;

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly config: AppConfig,
  ) {
    this.metricsTokenDigest = config.metricsToken === undefined ? undefined : digest(config.metricsToken);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const needed = this.reflector.getAllAndOverride<Capability | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const processId = processOf(request);
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) {
      // A scraper's token opens /metrics and nothing else: it is no API token, so it names no principal.
      if (needed === 'metrics' && this.isMetricsToken(token)) return true;
      request.principal = await this.authenticator.byToken(token, processId);
      if (!request.principal) throw new UnauthorizedException('The token is unknown or revoked');
    } else {
      const cookie = sessionCookieOf(request);
      // An ended session leaves the page public, so it can still sign in again.
      request.principal = cookie === undefined ? undefined : await this.authenticator.bySession(cookie, processId);
      if (request.principal) {
        // Browsers send the cookie with any page's requests; a bearer token they never add on their own.
        if (isUnsafeMethod(request.method) && !comesFromOwnOrigin(request, this.config.publicOrigin)) {
          throw new CrossOriginWrite(`Origin ${request.headers.origin ?? '(none)'} is not this service's: the write was refused`);
        }
      }
    }
    if (needed === undefined) throw new ForbiddenException('This route declares no access rule');
    if (needed === 'public') return true;
    if (!request.principal) {
      throw new UnauthorizedException(sessionCookieOf(request) === undefined ? 'This request needs a token: Authorization: Bearer <token>' : 'The session ended: sign in again');
    }
    if (!roleCan(request.principal.role, needed)) {
      throw new ForbiddenException(`The ${request.principal.role} role may not do this (it needs ${needed})`);
    }
    return true;
  }

  private isMetricsToken(token: string): boolean {
    return this.metricsTokenDigest !== undefined && timingSafeEqual(digest(token), this.metricsTokenDigest);
  }
}

/** The process a route touches: its `:id` under /api/processes/, as Express matched it. */
function processOf(request: AuthenticatedRequest): string | undefined {
  const route = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string' || !PROCESS_ROUTE.test(route)) return undefined;
  const id = request.params.id;
  return typeof id === 'string' ? id : undefined;
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
