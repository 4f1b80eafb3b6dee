// What the console benchmarks share: an app on a SQLite store in a temporary folder (one Entra
// directory that is never called), and a console server on loopback with a signed-in viewer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { addOperatorAccount } from '../../src/app/console/add-operator-account.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import { Secret } from '../../src/core/secret.ts';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { createConsoleServer, sessionCookie } from '../../src/server/create-console-server.ts';

/** name: the bench's name (the folder's prefix and the campaign's name in reclaim.yaml) */
export function benchApp(name: string): { app: App; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), `reclaim-${name}-`));
  writeFileSync(join(dir, 'key'), `${name}-bench-key-0123456789abcdefghijklmnop`, { mode: 0o600 });
  writeFileSync(
    join(dir, 'reclaim.yaml'),
    [
      `campaign: { name: "${name} bench" }`,
      `store: { url: "sqlite:${join(dir, 'bench.sqlite')}" }`,
      'directories:',
      '  - { id: corp, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: 00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_BENCH_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
    ].join('\n'),
  );
  return { app: createApp({ configFile: join(dir, 'reclaim.yaml'), operator: 'bench' }), dir };
}

/** A console server listening on 127.0.0.1 and the headers of a viewer signed in through /api/login (username: a new account's). */
export async function signedInConsole(
  app: App,
  username = 'bench-viewer',
): Promise<{ server: FastifyInstance; base: string; headers: { cookie: string } }> {
  const created = await addOperatorAccount(app, {
    username,
    role: 'viewer',
    password: new Secret('bench password 0123'),
  });
  const server = await createConsoleServer({ app });
  const base = await server.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username,
      password: 'bench password 0123',
      totp: totpAt(base32Decode(created.totpSecret.reveal()), Date.now() / 1000),
    }),
  });
  const cookie = /reclaim_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
  return { server, base, headers: { cookie: `${sessionCookie}=${cookie}` } };
}

export const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
export const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * GETs `url` `requests` times, paced like dashboards polling (one request every 50 ms, so a 2 s
 * snapshot expires and is refreshed several times inside the measurement): each request's
 * milliseconds, and the wall time of the whole run.
 */
export async function pollTimed(
  url: string,
  headers: Record<string, string>,
  requests: number,
): Promise<{ times: number[]; wallMs: number }> {
  const times: number[] = [];
  const wallStart = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) {
    const start = process.hrtime.bigint();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    times.push(ms(start));
    await new Promise((r) => setTimeout(r, 50));
  }
  return { times, wallMs: ms(wallStart) };
}
