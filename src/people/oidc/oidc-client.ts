import { Injectable, Logger } from '@nestjs/common';
import * as client from 'openid-client';
import { AppConfig, type OidcConfig } from '../../config/config.js';
import { OidcError, OidcRefusal } from './oidc.errors.js';

/** What the tracker asks the provider for: who the person is, and their address. */
export const OIDC_SCOPES = 'openid email profile';
export const OIDC_CALLBACK_PATH = '/api/sign-in/oidc/callback';
/** Seconds a request to the provider may take before it counts as unreachable. */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** The claims the tracker reads of a signed-in person. */
export interface OidcIdentity {
  subject: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
  locale?: string;
}

/** openid-client's codes for a provider that did not answer, or answered as no OAuth server does (a proxy's 502 page). */
const UNREACHABLE_CODES = ['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM'];

/** The provider is down or answered as a broken server: nothing the person did, try again later. */
function unreachable(error: unknown): boolean {
  // fetch's own failure (refused, reset, no DNS), which openid-client passes on as it is.
  if (error instanceof TypeError) return true;
  if (error instanceof client.ResponseBodyError) return error.status >= 500;
  return error instanceof client.ClientError && error.code !== undefined && UNREACHABLE_CODES.includes(error.code);
}

/** The error and what caused it, for the log: fetch says only "fetch failed" without its cause. */
function explain(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

/**
 * The tracker as a client of the organisation's OpenID provider (authorization code with PKCE).
 * Discovery happens at the first sign-in, not at start, so a provider that is down stops no one
 * from using the tracker; a failed discovery is tried again by the next sign-in.
 */
@Injectable()
export class OidcClient {
  private readonly logger = new Logger('OidcClient');
  private readonly settings?: OidcConfig;
  private readonly redirectUri: string;
  private discovered?: Promise<client.Configuration>;

  constructor(config: AppConfig) {
    this.settings = config.oidc;
    this.redirectUri = `${config.publicBaseUrl}${OIDC_CALLBACK_PATH}`;
  }

  get configured(): boolean {
    return this.settings !== undefined;
  }

  /** Where to send the browser: the provider's sign-in page, with the attempt's state, nonce and PKCE challenge. */
  async authorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
    const configuration = await this.configuration();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: OIDC_SCOPES,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Exchanges the code the provider returned; the ID token's signature, issuer, audience, state and nonce are checked first. */
  async identify(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity> {
    const configuration = await this.configuration();
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new OidcRefusal('oidc-rejected', 'The provider sent no ID token');
      // Providers that put only `sub` in the ID token give the address at the userinfo endpoint.
      const claims = typeof idToken.email === 'string' ? idToken : { ...idToken, ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)) };
      return {
        subject: idToken.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : undefined,
        locale: typeof claims.locale === 'string' ? claims.locale : undefined,
      };
    } catch (error) {
      if (error instanceof OidcRefusal) throw error;
      if (unreachable(error)) throw this.unavailable(error);
      throw new OidcRefusal('oidc-rejected', `The provider's answer was refused: ${explain(error)}`);
    }
  }

  private configuration(): Promise<client.Configuration> {
    const settings = this.settings;
    if (!settings) return Promise.reject(new OidcError('oidc-not-configured', 'Sign-in with an identity provider is not set up on this tracker'));
    this.discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Only a loopback issuer may be http (the configuration allows nothing else): a provider tried on the same machine.
        ...(new URL(settings.issuer).protocol === 'http:' && { execute: [client.allowInsecureRequests] }),
      })
      .catch((error: unknown) => {
        this.discovered = undefined;
        throw this.unavailable(error);
      });
    return this.discovered;
  }

  private unavailable(error: unknown): OidcError {
    this.logger.warn(`The identity provider cannot be reached: ${explain(error)}`);
    return new OidcError('oidc-unavailable', "The organisation's identity provider cannot be reached; try again in a moment, or sign in by e-mail link");
  }
}
