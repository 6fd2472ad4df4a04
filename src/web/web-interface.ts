import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `vite build` writes the front end: dist/web, beside the compiled service in dist/src. */
export const WEB_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** The paths the front end routes itself; anything else stays a 404 from the API. */
const PAGE_ROUTES = [/^\/$/, /^\/audit$/, /^\/admin$/, /^\/profile$/, /^\/processes\/[0-9a-f-]{36}(?:\/(?:building-blocks|deadlines|import))?$/i];

export const isPageRoute = (path: string) => PAGE_ROUTES.some((route) => route.test(path));

/** The web interface: its hashed assets, cached for good, and index.html for every page route. */
export function serveWebInterface(app: INestApplication): void {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) return;
  app.use('/assets', express.static(join(WEB_ROOT, 'assets'), { immutable: true, maxAge: '1y' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isPageRoute(req.path)) return next();
    // index.html names the current asset hashes, so it must never be cached stale.
    res.sendFile(join(WEB_ROOT, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
  });
}
