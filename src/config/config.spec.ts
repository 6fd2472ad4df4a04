import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  describe('RATE_LIMIT_PER_MINUTE', () => {
    it('defaults to 1200 requests a minute', () => {
      expect(loadConfig({}).rateLimitPerMinute).toBe(1200);
    });

    it('takes a whole number', () => {
      expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '40' }).rateLimitPerMinute).toBe(40);
    });

    it('takes off, for a proxy in front that limits requests itself', () => {
      expect(loadConfig({ RATE_LIMIT_PER_MINUTE: 'off' }).rateLimitPerMinute).toBe('off');
      expect(loadConfig({ RATE_LIMIT_PER_MINUTE: 'OFF' }).rateLimitPerMinute).toBe('off');
    });

    it.each(['0', '-5', '1.5', 'none'])('refuses %j, naming the variable', (value) => {
      const load = () => loadConfig({ RATE_LIMIT_PER_MINUTE: value });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`RATE_LIMIT_PER_MINUTE must be a whole number above 0, or off (got "${value}")`);
    });
  });

  describe('IDEMPOTENCY_RETENTION_HOURS', () => {
    it('defaults to a day', () => {
      expect(loadConfig({}).idempotencyRetentionHours).toBe(24);
    });

    it.each(['0', '1.5', 'a day', '9000'])('refuses %j, naming the variable', (value) => {
      expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: value })).toThrow(`IDEMPOTENCY_RETENTION_HOURS must be a whole number from 1 to 8760 (got "${value}")`);
    });
  });

  describe('DATA_KEY and DATA_KEY_FILE', () => {
    const key = Buffer.alloc(32, 1).toString('base64');

    it('takes 32 bytes in base64, and a file path', () => {
      expect(loadConfig({ DATA_KEY: key }).dataKey).toEqual(Buffer.alloc(32, 1));
      expect(loadConfig({ DATA_KEY_FILE: '/run/secrets/data-key' }).dataKeyFile).toBe('/run/secrets/data-key');
    });

    it.each([Buffer.alloc(16).toString('base64'), 'not base64!', key.slice(0, -4)])('refuses the key %j, naming the variable', (value) => {
      expect(() => loadConfig({ DATA_KEY: value })).toThrow('Invalid configuration: DATA_KEY must hold 32 bytes in base64, as openssl rand -base64 32 prints');
    });

    it('refuses both at once', () => {
      expect(() => loadConfig({ DATA_KEY: key, DATA_KEY_FILE: '/run/secrets/data-key' })).toThrow('DATA_KEY and DATA_KEY_FILE are both set: set one');
    });
  });

  describe('TRUST_PROXY', () => {
    it('trusts no proxy by default: the client is the address that connected', () => {
      expect(loadConfig({}).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    });

    it('takes true, a number of hops, or a list of addresses, networks and Express names', () => {
      expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
      expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
      expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 203.0.113.7' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '203.0.113.7']);
    });

    it.each(['yes', '10.0.0.0/33', 'proxy.example.org', '10.0.0.0/8,', '1/2/3'])('refuses %j, naming the variable', (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^Invalid configuration: TRUST_PROXY must be false, true, a number of hops/);
    });
  });

  describe('METRICS_TOKEN', () => {
    it('is unset by default and refuses a short token', () => {
      expect(loadConfig({}).metricsToken).toBeUndefined();
      expect(loadConfig({ METRICS_TOKEN: 'scraper-token-0123456789' }).metricsToken).toBe('scraper-token-0123456789');
      expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow('METRICS_TOKEN must be at least 16 characters long');
    });
  });

  describe('live stream limits', () => {
    it('default to an hour, 16 streams per client and 2000 in all', () => {
      const config = loadConfig({});
      expect([config.liveStreamMaxMinutes, config.liveStreamsPerClient, config.liveStreamsTotal]).toEqual([60, 16, 2000]);
    });

    it('take a fraction of a minute, for tests', () => {
      expect(loadConfig({ LIVE_STREAM_MAX_MINUTES: '0.05' }).liveStreamMaxMinutes).toBe(0.05);
    });

    it.each(['0', '-1', 'an hour', '1e3', '2000'])('refuses LIVE_STREAM_MAX_MINUTES=%j, naming the variable', (value) => {
      expect(() => loadConfig({ LIVE_STREAM_MAX_MINUTES: value })).toThrow(`LIVE_STREAM_MAX_MINUTES must be a number of minutes above 0 and at most 1440, decimals allowed (got "${value}")`);
    });

    it.each(['LIVE_STREAMS_PER_CLIENT', 'LIVE_STREAMS_TOTAL'])('refuses %s that is not a whole number above 0', (name) => {
      expect(() => loadConfig({ [name]: '0' })).toThrow(`${name} must be a whole number from 1 to 1000000 (got "0")`);
    });
  });

  describe('sessions', () => {
    it('ends sessions after 72 idle hours and 30 days by default', () => {
      expect(loadConfig({})).toMatchObject({ sessionIdleHours: 72, sessionMaxDays: 30 });
      expect(loadConfig({ SESSION_IDLE_HOURS: '8', SESSION_MAX_DAYS: '7' })).toMatchObject({ sessionIdleHours: 8, sessionMaxDays: 7 });
    });

    it.each([
      ['SESSION_IDLE_HOURS', '0', 8760],
      ['SESSION_IDLE_HOURS', '1.5', 8760],
      ['SESSION_MAX_DAYS', '3651', 3650],
    ])('refuses %s=%j, naming the variable', (name, value, max) => {
      expect(() => loadConfig({ [name]: value })).toThrow(`${name} must be a whole number from 1 to ${max} (got "${value}")`);
    });

    it("takes a cookie write's expected origin from PUBLIC_BASE_URL only when it is set", () => {
      expect(loadConfig({}).publicOrigin).toBeUndefined();
      expect(loadConfig({ PUBLIC_BASE_URL: 'https://tracker.example.org/base/' }).publicOrigin).toBe('https://tracker.example.org');
    });
  });

  describe('OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET', () => {
    const oidc = { OIDC_ISSUER: 'https://login.example.org/realms/staff', OIDC_CLIENT_ID: 'tracker', OIDC_CLIENT_SECRET: 'a client secret' };

    it('leave sign-in with a provider off when none is set', () => {
      expect(loadConfig({}).oidc).toBeUndefined();
    });

    it('turn it on together, with a default name for the button', () => {
      expect(loadConfig(oidc).oidc).toEqual({ issuer: oidc.OIDC_ISSUER, clientId: 'tracker', clientSecret: 'a client secret', providerName: 'your organisation' });
      expect(loadConfig({ ...oidc, OIDC_PROVIDER_NAME: 'Example staff account' }).oidc?.providerName).toBe('Example staff account');
    });

    it.each(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'])('refuses a start with %s missing, naming it', (name) => {
      const load = () => loadConfig({ ...oidc, [name]: '' });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(`Invalid configuration: ${name} must be set too`);
    });

    it('takes http only on loopback, for a provider tried on the same machine', () => {
      expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
      expect(() => loadConfig({ ...oidc, OIDC_ISSUER: 'http://login.example.org' })).toThrow('OIDC_ISSUER must use https:');
      expect(() => loadConfig({ ...oidc, OIDC_ISSUER: 'login.example.org' })).toThrow('OIDC_ISSUER is not a valid URL');
    });
  });
});
