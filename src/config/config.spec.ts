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
});
