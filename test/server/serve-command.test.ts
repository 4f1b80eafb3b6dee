// The real CLI: `reclaim operator add` prints the initial password and enrolment URI once (stored
// only hashed/encrypted), `reclaim serve` answers on loopback and stops on SIGTERM, and a bad
// --listen is a usage error naming the flag.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { openStore } from '../../src/store/open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-serve-'));
writeFileSync(join(dir, 'key'), 'serve-test-key-0123456789abcdefghijklmn', { mode: 0o600 });
const config = join(dir, 'reclaim.yaml');
writeFileSync(
  config,
  [
    'campaign: { name: "serve test" }',
    `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
    'directories:',
    '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
      '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
    `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
  ].join('\n'),
);
after(() => rmSync(dir, { recursive: true, force: true }));
const bin = join(process.cwd(), 'bin/reclaim.mjs');

test('operator add prints the password and TOTP URI once; the store holds neither in clear; later accounts need a proven admin', async () => {
  const helpdeskFirst = spawnSync(
    process.execPath,
    [bin, '-c', config, 'operator', 'add', 'carol', '--role', 'helpdesk', '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(helpdeskFirst.status, 2, 'the first account of a store must be an admin');
  assert.match(helpdeskFirst.stderr, /first console account of a store must be an admin/);
  const run = spawnSync(process.execPath, [bin, '-c', config, 'operator', 'add', 'ada', '--role', 'admin', '--json'], {
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { initialPassword: string; totpEnrolmentUri: string; role: string };
  assert.equal(out.role, 'admin');
  const secret = /secret=([A-Z2-7]+)/.exec(out.totpEnrolmentUri)?.[1];
  assert.ok(secret && out.initialPassword.length >= 20);
  const store = await openStore(`sqlite:${join(dir, 'reclaim.sqlite')}`);
  try {
    const row = await store.db
      .selectFrom('operators')
      .selectAll()
      .where('username', '=', 'ada')
      .executeTakeFirstOrThrow();
    assert.match(row.passwordHash, /^\$argon2id\$/);
    const dump = JSON.stringify(row);
    assert.ok(!dump.includes(out.initialPassword) && !dump.includes(secret));
  } finally {
    await store.close();
  }
  // ATTACK: a second account minted by whoever holds the config, with a typed name: refused.
  const unproven = spawnSync(
    process.execPath,
    [bin, '-c', config, 'operator', 'add', 'carol', '--role', 'helpdesk', '--as', 'ada'],
    { encoding: 'utf8' },
  );
  assert.equal(unproven.status, 4, unproven.stderr);
  assert.match(unproven.stderr, /AUTH_REQUIRED/);
  const code = totpAt(base32Decode(secret), Date.now() / 1000);
  const proven = spawnSync(
    process.execPath,
    [
      bin,
      '-c',
      config,
      'operator',
      'add',
      'carol',
      'dan',
      '--role',
      'helpdesk',
      '--login',
      'ada',
      '--password-stdin',
      '--json',
    ],
    { encoding: 'utf8', input: `${out.initialPassword}\n${code}\n` },
  );
  assert.equal(proven.status, 0, proven.stderr);
  assert.deepEqual(
    (JSON.parse(proven.stdout) as Array<{ username: string }>).map((a) => a.username),
    ['carol', 'dan'],
  );
  // the same one-time code again: refused (a code is good once), nothing created
  const replay = spawnSync(
    process.execPath,
    [bin, '-c', config, 'operator', 'add', 'erin', '--role', 'helpdesk', '--login', 'ada', '--password-stdin'],
    { encoding: 'utf8', input: `${out.initialPassword}\n${code}\n` },
  );
  assert.equal(replay.status, 4, replay.stderr);
  const again = spawnSync(process.execPath, [bin, '-c', config, 'operator', 'add', 'carol', '--role', 'viewer'], {
    encoding: 'utf8',
  });
  assert.notEqual(again.status, 0);
  const check = await openStore(`sqlite:${join(dir, 'reclaim.sqlite')}`);
  try {
    const names = (await check.db.selectFrom('operators').select('username').orderBy('username').execute()).map(
      (r) => r.username,
    );
    assert.deepEqual(names, ['ada', 'carol', 'dan']);
  } finally {
    await check.close();
  }
});

test('serve answers on 127.0.0.1 with security headers and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [bin, '-c', config, 'serve', '--listen', '127.0.0.1:0', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += String(d)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 120_000);
    child.stdout.on('data', () => {
      const match = /"url": "([^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Reclaim console/);
  assert.equal(page.headers.get('x-frame-options'), 'DENY');
  const doc = (await (await fetch(`${url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  const ids = Object.values(doc.paths).flatMap((m) => Object.values(m).map((o) => o.operationId));
  assert.equal(new Set(ids).size, ids.length, `duplicate operationIds: ${ids.join(', ')}`);
  assert.equal((await fetch(`${url}/api/campaigns`)).status, 401);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('a bad --listen is a usage error naming the flag', () => {
  const run = spawnSync(process.execPath, [bin, '-c', config, 'serve', '--listen', 'nonsense'], { encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stderr, /--listen nonsense/);
});
