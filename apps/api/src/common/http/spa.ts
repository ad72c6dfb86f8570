import type { NextFunction, Request, RequestHandler, Response } from 'express';
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Paths the SPA never answers: the API, operations endpoints, tracker links and the Spotify sandbox. */
export const NON_SPA_PREFIXES = ['/api', '/health', '/metrics', '/l/', '/sandbox', '/_sandbox'];

function isNonSpaPath(path: string): boolean {
  return NON_SPA_PREFIXES.some(
    (prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`),
  );
}

/**
 * Serves the built Angular app: hashed assets with a long cache, and index.html for every client-side
 * route (GET or HEAD asking for HTML). Returns no handlers when the SPA has not been built.
 */
export function spaHandlers(webDir: string): RequestHandler[] {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return [];
  const assets = express.static(webDir, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        /\.[0-9a-zA-Z]{8,}\.(js|css|woff2?)$/.test(path) || path.includes('/media/')
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  const fallback = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isNonSpaPath(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [(req, res, next) => (isNonSpaPath(req.path) ? next() : assets(req, res, next)), fallback];
}
