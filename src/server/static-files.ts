// Serves the web console (src/web: HTML, CSS, ES modules) from a fixed list read at start-up, so
// no request path ever reaches the file system.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
export const webDir = fileURLToPath(new URL('../web/', import.meta.url));

export function addStaticFiles(server: FastifyInstance): void {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const name of readdirSync(webDir)) {
    const type = types[extname(name)];
    if (type) files.set(`/${name}`, { type, body: readFileSync(join(webDir, name)) });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  for (const [path, file] of files) {
    server.get(path, async (_request, reply) => reply.type(file.type).send(file.body));
  }
}
