import { loadConfig } from '../../config/config.js';
import { OidcClient } from './oidc-client.js';

const checks = { state: 'state', nonce: 'nonce', codeVerifier: 'a-code-verifier-of-forty-three-characters-at-least' };

describe('OidcClient', () => {
  it('is off, and says so as not found, without OIDC_ISSUER', async () => {
    const client = new OidcClient(loadConfig({}));
    expect(client.configured).toBe(false);
    await expect(client.authorizationUrl(checks)).rejects.toMatchObject({ code: 'oidc-not-configured', kind: 'not-found' });
  });
});
