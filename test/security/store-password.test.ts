// The property defended: the PostgreSQL password is never written in the config (where it would
// be reviewed, committed and pasted into tickets): `store.url` with a password is refused, naming
// store.url, and the password comes only from `store.password` (env:/file:), which does reach the
// server. A stand-in PostgreSQL on 127.0.0.1 asks for the password in clear (AuthenticationCleartext-
// Password, https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP) and
// records what the client sends: the lab cluster trusts every local connection and never asks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkConfigText, loadConfig } from '../../src/app/config/load-config.ts';
import { createApp } from '../../src/app/create-app.ts';
import { Secret } from '../../src/core/secret.ts';
import { openStore } from '../../src/store/open-store.ts';

// Characters that mean something in a URL, so a wrong encoding would change what arrives.
const canary = 'Pg-Canary:p@ss/w%41rd?#&=';
const dir = mkdtempSync(join(tmpdir(), 'reclaim-store-password-'));
let server: Server;
let port = 0;
const passwordsReceived: string[] = [];

before(async () => {
  server = createServer((socket) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!started && buffer.length >= 4 && buffer.length >= buffer.readInt32BE(0)) {
        started = true;
        buffer = buffer.subarray(buffer.readInt32BE(0));
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
        socket.write(ask);
      }
      if (started && buffer.length >= 5 && buffer[0] === 0x70 /* 'p' */ && buffer.length >= 1 + buffer.readInt32BE(1)) {
        passwordsReceived.push(buffer.subarray(5, buffer.readInt32BE(1)).toString('utf8').replace(/\0$/, ''));
        const fields = Buffer.from('SFATAL\0C28P01\0Mpassword authentication failed (stand-in server)\0\0');
        const error = Buffer.alloc(5);
        error.write('E', 0);
        error.writeInt32BE(4 + fields.length, 1);
        socket.end(Buffer.concat([error, fields]));
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const baseConfig = [
  'directories:',
  '  - { id: cloud, kind: entra, tenantId: t, clientId: c, clientSecret: "env:UNUSED" }',
];

describe('config', () => {
  test('a password in store.url is refused, naming store.url and its line, without echoing the password', () => {
    const result = checkConfigText(
      ['store:', '  url: postgres://reclaim:hunter2@db.corp.example:5432/reclaim', ...baseConfig].join('\n'),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]!.path, 'store.url');
    assert.equal(result.problems[0]!.line, 2);
    assert.match(result.problems[0]!.message, /password in the store URL is refused.*store\.password/);
    assert.doesNotMatch(JSON.stringify(result.problems), /hunter2/);
  });

  test('store.password takes only a reference, and only for PostgreSQL', () => {
    const inline = checkConfigText(
      ['store:', '  url: postgres://reclaim@db/reclaim', '  password: hunter2', ...baseConfig].join('\n'),
    );
    assert.equal(inline.ok, false);
    if (!inline.ok)
      assert.deepEqual(
        inline.problems.map((p) => p.path),
        ['store.password'],
      );
    const sqlite = checkConfigText(
      ['store:', '  url: sqlite:./r.sqlite', '  password: env:PG', ...baseConfig].join('\n'),
    );
    assert.equal(sqlite.ok, false);
    if (!sqlite.ok) assert.match(sqlite.problems[0]!.message, /postgres:\/\/ store only/);
    assert.equal(
      checkConfigText(
        ['store:', '  url: postgres://reclaim@db/reclaim', '  password: env:PG', ...baseConfig].join('\n'),
      ).ok,
      true,
    );
  });

  test('openStore refuses a URL with a password too (callers that bypass the config)', async () => {
    await assert.rejects(
      openStore(`postgres://reclaim:hunter2@127.0.0.1:${port}/reclaim`),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.match(e.message, /store\.password/);
        assert.doesNotMatch(e.message, /hunter2/);
        return true;
      },
    );
    assert.equal(passwordsReceived.length, 0, 'nothing was sent to the server');
  });
});

describe('store.password reaches the server', () => {
  test('from file: through createApp, byte for byte; the error names no password', async () => {
    writeFileSync(join(dir, 'pg-password'), `${canary}\n`, { mode: 0o600 });
    const file = join(dir, 'file.yaml');
    writeFileSync(
      file,
      [
        'store:',
        `  url: postgres://reclaim@127.0.0.1:${port}/reclaim`,
        `  password: file:${join(dir, 'pg-password')}`,
        ...baseConfig,
      ].join('\n'),
    );
    const app = createApp({ configFile: file, env: {} });
    const before = passwordsReceived.length;
    try {
      await assert.rejects(app.store(), (e: Error & { code?: string }) => {
        assert.match(e.message, /password authentication failed/);
        assert.ok(!e.message.includes(canary) && !e.message.includes(encodeURIComponent(canary)), e.message);
        return true;
      });
    } finally {
      await app.close();
    }
    assert.deepEqual(passwordsReceived.slice(before), [canary]);
  });

  test('from env:, and a missing variable stops before connecting', async () => {
    const file = join(dir, 'env.yaml');
    writeFileSync(
      file,
      [
        'store:',
        `  url: postgres://reclaim@127.0.0.1:${port}/reclaim`,
        '  password: env:RECLAIM_TEST_PG_PASSWORD',
        ...baseConfig,
      ].join('\n'),
    );
    const before = passwordsReceived.length;
    const app = createApp({ configFile: file, env: { RECLAIM_TEST_PG_PASSWORD: `${canary}-env` } });
    await assert.rejects(app.store());
    await app.close();
    assert.deepEqual(passwordsReceived.slice(before), [`${canary}-env`]);
    const missing = createApp({ configFile: file, env: {} });
    await assert.rejects(
      missing.store(),
      (e: Error & { code?: string }) => e.code === 'SECRET_UNAVAILABLE' && /store\.password/.test(e.message),
    );
    await missing.close();
    assert.equal(passwordsReceived.length, before + 1, 'no connection attempt without the secret');
  });

  test('openStore sends the password it is given, and an empty one without', async () => {
    const before = passwordsReceived.length;
    await assert.rejects(openStore(`postgres://reclaim@127.0.0.1:${port}/reclaim`, { password: undefined }));
    assert.deepEqual(passwordsReceived.slice(before), ['']);
    await assert.rejects(openStore(`postgres://reclaim@127.0.0.1:${port}/reclaim`, { password: new Secret('direct') }));
    assert.equal(passwordsReceived.at(-1), 'direct');
  });
});

test('loadConfig reports an inline store password as CONFIG_INVALID with file:line', () => {
  const file = join(dir, 'inline.yaml');
  writeFileSync(
    file,
    ['campaign: { name: x }', 'store: { url: "postgres://reclaim:hunter2@db/reclaim" }', ...baseConfig].join('\n'),
  );
  assert.throws(
    () => loadConfig(file),
    (e: Error & { details?: string[] }) => (e.details ?? []).some((d) => d.startsWith(`${file}:2: store.url:`)),
  );
});
