import type { Response } from 'express';
import type { WriteResult } from '../event-store/write-context.js';

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** Every write answers its new stream version as an ETag, for the next If-Match. */
export function written<T extends WriteResult>(response: Response, result: T): T {
  response.setHeader('ETag', etagOf(result.version));
  return result;
}
