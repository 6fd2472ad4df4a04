import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { ReadModelVersions } from '../read-model-versions.js';

const CACHE_BYTES = 64 * 1024 * 1024;

/** A page as sent: its JSON bytes and their ETag. */
export interface SerialisedPage {
  body: Buffer;
  etag: string;
}

interface CachedPage extends SerialisedPage {
  version: number;
}

export function serialise(page: unknown): SerialisedPage {
  const body = Buffer.from(JSON.stringify(page));
  return { body, etag: `W/"${createHash('sha1').update(body).digest('base64url')}"` };
}

/**
 * Serialised timeline pages, each valid while the timeline read model keeps the version it was read
 * at: a popular process's pages are read from PostgreSQL and serialised once per projected batch.
 */
@Injectable()
export class TimelinePageCache {
  private readonly pages = new LRUCache<string, CachedPage>({
    maxSize: CACHE_BYTES,
    sizeCalculation: (page, key) => page.body.length + 2 * key.length,
  });

  constructor(private readonly versions: ReadModelVersions) {}

  /** The page, from the cache when the read model has not moved since it was read. */
  async page(key: string, read: () => Promise<unknown>): Promise<SerialisedPage> {
    const version = this.versions.current('timeline');
    const cached = this.pages.get(key);
    if (version !== undefined && cached?.version === version) return cached;
    const page = serialise(await read());
    // Moved while reading: the page may hold either side of the move, so it is not kept.
    if (version !== undefined && this.versions.current('timeline') === version) this.pages.set(key, { ...page, version });
    return page;
  }
}
