// Serves the built PWA (dist/) on the same port as the API.
import { existsSync } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';

/**
 * Hashed files under /assets never change: cache them for a year. Everything else (index.html,
 * sw.js, the manifest, icons) is revalidated on every load, so a new release is picked up at once
 * and the service worker decides about offline use.
 */
export async function registerStatic(app: FastifyInstance, staticDir: string) {
  const root = resolve(staticDir);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    setHeaders(reply, path) {
      const assets = `${sep}assets${sep}`;
      reply.header('Cache-Control', path.startsWith(root + assets) ? IMMUTABLE : NO_CACHE);
      if (basename(path) === 'sw.js') reply.header('Service-Worker-Allowed', '/');
    },
  });
  return true;
}
