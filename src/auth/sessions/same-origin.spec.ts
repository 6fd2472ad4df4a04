import { comesFromOwnOrigin, isUnsafeMethod } from './same-origin.js';

const aRequest = (headers: Record<string, string>, host = 'tracker.example.org', protocol = 'https') => ({
  headers,
  protocol,
  get: (name: string) => (name.toLowerCase() === 'host' ? host : undefined),
});

describe('comesFromOwnOrigin', () => {
  it("takes PUBLIC_BASE_URL's origin when it is set, whatever Host says", () => {
    expect(comesFromOwnOrigin(aRequest({ origin: 'https://tracker.example.org' }, 'internal:3000', 'http'), 'https://tracker.example.org')).toBe(true);
    expect(comesFromOwnOrigin(aRequest({ origin: 'http://internal:3000' }, 'internal:3000', 'http'), 'https://tracker.example.org')).toBe(false);
  });

  it("takes the request's own scheme and host otherwise", () => {
    expect(comesFromOwnOrigin(aRequest({ origin: 'https://tracker.example.org' }), undefined)).toBe(true);
    expect(comesFromOwnOrigin(aRequest({ origin: 'http://tracker.example.org' }), undefined)).toBe(false);
    expect(comesFromOwnOrigin(aRequest({ origin: 'https://tracker.example.org.evil.example' }), undefined)).toBe(false);
    expect(comesFromOwnOrigin(aRequest({ origin: 'null' }), undefined)).toBe(false);
  });

  it('without Origin, believes only Sec-Fetch-Site: same-origin', () => {
    expect(comesFromOwnOrigin(aRequest({ 'sec-fetch-site': 'same-origin' }), undefined)).toBe(true);
    expect(comesFromOwnOrigin(aRequest({ 'sec-fetch-site': 'same-site' }), undefined)).toBe(false);
    expect(comesFromOwnOrigin(aRequest({}), undefined)).toBe(false);
  });
});

describe('isUnsafeMethod', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'post'])('counts %s as a write', (method) => expect(isUnsafeMethod(method)).toBe(true));
  it.each(['GET', 'HEAD', 'OPTIONS'])('counts %s as a read', (method) => expect(isUnsafeMethod(method)).toBe(false));
});
