import type { Request } from 'express';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const isUnsafeMethod = (method: string) => UNSAFE_METHODS.has(method.toUpperCase());

/**
 * Whether a request comes from the service's own pages: `Origin` is the service's origin
 * (PUBLIC_BASE_URL's, else the request's own), or, without `Origin`, the browser says same-origin.
 */
export function comesFromOwnOrigin(request: Pick<Request, 'headers' | 'protocol'> & { get(name: string): string | undefined }, publicOrigin: string | undefined): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] === 'same-origin';
  const own = publicOrigin ?? `${request.protocol}://${request.get('host') ?? ''}`;
  return origin === own;
}
