import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where `npm run build` puts the console (vite build console): <repository>/dist/console. */
export function consoleDirectory(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'dist', 'console');
}

/**
 * Serves the operator console at /console from its build output. The files are public (they
 * hold no data); every call they make carries the signed-in API key. Without a build, /console
 * says how to make one instead of a bare 404.
 */
export function installConsole(fastify: FastifyInstance, dir = consoleDirectory()): void {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    fastify.get('/console', (_request, reply) => {
      void reply.code(404).type('text/plain').send('The console is not built: run `npm run build`.\n');
    });
    return;
  }
  // `redirect`: /console answers a redirect to /console/ (the app's base).
  void fastify.register(fastifyStatic, { root: dir, prefix: '/console/', redirect: true, wildcard: false });
}
