import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';

/** What the provider says of an account: the claims the tracker reads. */
export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login; a test adds its own. */
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (oidc-provider) on a loopback port, with one confidential client whose
 * only redirect URI is the tracker's callback and which must use PKCE; its development login and
 * consent pages accept any password.
 */
export async function startOidcProvider(port: number, redirectUri: string): Promise<OidcTestProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'treaty-review-tracker';
  const clientSecret = 'a-test-client-secret-of-the-tracker';
  const accounts = new Map<string, TestAccount>();
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_basic' }],
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['a test cookie key, not a secret'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      return account && { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A browser's cookies, by origin; paths are ignored, since sending a cookie to more paths than it asked changes nothing here. */
export class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.cookies.get(url.origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: URL, name: string): string | undefined {
    return this.cookies.get(url.origin)?.get(name);
  }

  take(url: URL, response: Response): void {
    const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
    this.cookies.set(url.origin, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const [name, value] = [pair.slice(0, separator), pair.slice(separator + 1)];
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute) || (/^expires=/i.test(attribute) && Date.parse(attribute.slice(8)) <= Date.now()));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }
}

/** One request as a browser makes it: its cookies sent, the ones it gets kept, redirects not followed. */
export async function browse(jar: CookieJar, url: URL, init: { method?: string; form?: URLSearchParams } = {}): Promise<Response> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { cookie: jar.header(url), ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }) },
    body: init.form,
  });
  jar.take(url, response);
  return response;
}

/** The one form of a page: where it posts, and its hidden fields. */
export function formOf(html: string, page: URL): { action: URL; fields: URLSearchParams } {
  const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on ${page.href}:\n${html.slice(0, 2000)}`);
  const fields = new URLSearchParams();
  for (const input of form[2].matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    if (name !== undefined) fields.set(name, value ?? '');
  }
  return { action: new URL(form[1].replaceAll('&amp;', '&'), page), fields };
}
