import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { GatewayConfig } from '../config';

/** Paths that belong to the API and the platform, never to the console's client-side routes. */
const NOT_CONSOLE = /^\/(api|health|metrics|socket\.io|calendars)(\/|$)/;

/**
 * Where the built console is: CONSOLE_DIR, else dist/web beside the built gateway
 * (dist/gateway/src → dist/web) or, when the gateway runs from source (tests), from the repository.
 */
export function consoleDirectory(configured: string | undefined): string | undefined {
  const candidates = configured
    ? [resolve(configured)]
    : [
        resolve(__dirname, '../../../web'),
        resolve(__dirname, '../../../dist/web'),
        resolve(process.cwd(), 'dist/web'),
      ];
  // A built console has Vite's manifest (web/ itself, the sources, has an index.html too).
  return candidates.find((dir) => existsSync(join(dir, '.vite', 'manifest.json')));
}

/**
 * Serves the console at `/`: hashed assets precompressed (brotli, gzip) and cached for a year,
 * everything else revalidated; any other GET that asks for HTML gets index.html, so that the
 * console's own routes (/expert/matches) load on a reload or a shared link.
 */
export function consoleMiddleware(directory: string) {
  const assets = expressStaticGzip(directory, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      setHeaders: (res: ServerResponse, path: string) => {
        res.setHeader(
          'Cache-Control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    },
  });
  const index = expressStaticGzip(directory, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      setHeaders: (res: ServerResponse) => res.setHeader('Cache-Control', 'no-cache'),
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    if (req.path.startsWith('/.vite/') || req.path.endsWith('.map')) return next();
    if (/\.[a-z0-9]+$/i.test(req.path)) return assets(req, res, next);
    if (!req.accepts('html')) return next();
    req.url = '/index.html';
    return index(req, res, next);
  };
}

/**
 * The Content-Security-Policy of every response: scripts, styles and frames from the console's
 * own origin only, plus Keycloak for the sign-in redirect, the token calls and the silent SSO
 * check. Styles allow inline: Ant Design (and Swagger UI) inject their styles at run time.
 */
export function contentSecurityPolicy(config: GatewayConfig) {
  const keycloak = new URL(config.console.keycloakUrl).origin;
  const https = (config.publicUrl ?? '').startsWith('https:');
  return {
    useDefaults: true,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'", keycloak],
      'frame-src': ["'self'", keycloak],
      'form-action': ["'self'", keycloak],
      'frame-ancestors': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      // Over plain http (development, tests) an upgrade would send the console's requests to https.
      'upgrade-insecure-requests': https ? [] : null,
    },
  };
}
