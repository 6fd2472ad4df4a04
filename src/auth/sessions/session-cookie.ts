import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/config.js';

export const SESSION_COOKIE = 'trt_session';

/** Flags every session cookie carries: no script reads it, no cross-site request but a top-level navigation carries it. */
function cookieOptions(config: AppConfig) {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: config.publicBaseUrl.startsWith('https:') };
}

/** Names the new session in the answer; any sign-in (e-mail link, first start, OpenID Connect) ends with this. */
export function setSessionCookie(response: Response, cookieValue: string, config: AppConfig, maxAgeMs = config.sessionMaxDays * 86_400_000): void {
  response.cookie(SESSION_COOKIE, cookieValue, { ...cookieOptions(config), maxAge: maxAgeMs });
}

export function clearSessionCookie(response: Response, config: AppConfig): void {
  response.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/** The session cookie's value, if the request carries one. */
export function sessionCookieOf(request: Pick<Request, 'headers'>): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === SESSION_COOKIE) {
      const value = part.slice(separator + 1).trim();
      return value || undefined;
    }
  }
  return undefined;
}
