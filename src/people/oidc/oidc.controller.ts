import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access } from '../../auth/access.decorator.js';
import { setSessionCookie } from '../../auth/sessions/session-cookie.js';
import { AppConfig } from '../../config/config.js';
import { ApiProblems } from '../../http/api-problems.decorator.js';
import { OIDC_ATTEMPT_LIFETIME_MS } from './oidc-attempts.js';
import { OIDC_CALLBACK_PATH } from './oidc-client.js';
import { OidcSignIn } from './oidc-sign-in.js';
import { OidcRefusal } from './oidc.errors.js';

const ATTEMPT_COOKIE = 'trt_oidc_attempt';
/** Sent only to these routes; Lax still lets the provider's redirect back (a top-level GET) carry it. */
const ATTEMPT_COOKIE_PATH = '/api/sign-in/oidc';

function cookieOf(request: Pick<Request, 'headers'>, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim() || undefined;
  }
  return undefined;
}

@ApiProblems()
@ApiTags('sign-in')
@Access('public')
@Controller('api/sign-in/oidc')
export class OidcController {
  private readonly logger = new Logger('OidcSignIn');

  constructor(
    private readonly signIn: OidcSignIn,
    private readonly config: AppConfig,
  ) {}

  @ApiOperation({
    summary: "Sign in with the organisation's account: a redirect to its identity provider (OpenID Connect, code flow with PKCE); 404 when not set up, 503 while the provider cannot be reached (public)",
  })
  @ApiQuery({ name: 'returnTo', required: false, description: 'The page of the tracker to land on once signed in, a path such as /processes (default /)' })
  @ApiFoundResponse({ description: "To the provider's sign-in page; sets a short-lived httpOnly cookie naming the attempt" })
  @Get()
  async begin(@Query('returnTo') returnTo: string | undefined, @Res() res: Response): Promise<void> {
    const { url, attemptCookie } = await this.signIn.begin(returnTo);
    res.cookie(ATTEMPT_COOKIE, attemptCookie, { ...this.cookieFlags(), maxAge: OIDC_ATTEMPT_LIFETIME_MS });
    res.redirect(302, url.href);
  }

  @ApiOperation({
    summary:
      'Where the provider sends the browser back: checks state, nonce and PKCE, signs the person in (session cookie) and redirects to the page; a refusal redirects to /#/sign-in?error=<code> (public)',
  })
  @ApiFoundResponse({ description: 'To the tracker page the sign-in began from, signed in; or to the sign-in page with error=oidc-attempt-unknown, oidc-rejected, oidc-email-unverified, oidc-unknown-person or oidc-person-deactivated' })
  @Get('callback')
  async callback(@Req() req: Request & { id?: unknown }, @Res() res: Response): Promise<void> {
    // The registered redirect URI with the provider's answer: a proxy in front may have rewritten the host and path.
    const callbackUrl = new URL(`${this.config.publicBaseUrl}${OIDC_CALLBACK_PATH}${new URL(req.originalUrl, this.config.publicBaseUrl).search}`);
    res.clearCookie(ATTEMPT_COOKIE, this.cookieFlags());
    try {
      const signedIn = await this.signIn.complete(cookieOf(req, ATTEMPT_COOKIE), callbackUrl, String(req.id));
      setSessionCookie(res, signedIn.cookieValue, this.config);
      res.redirect(302, `${this.config.publicBaseUrl}${signedIn.returnTo}`);
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      this.logger.warn(`Sign-in through the identity provider refused (${error.code}): ${error.message}`);
      res.redirect(302, `${this.config.publicBaseUrl}/#/sign-in?error=${error.code}`);
    }
  }

  private cookieFlags() {
    return { httpOnly: true, sameSite: 'lax' as const, path: ATTEMPT_COOKIE_PATH, secure: this.config.publicBaseUrl.startsWith('https:') };
  }
}
