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
});
