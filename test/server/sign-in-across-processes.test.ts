// Sign-in protections hold across console processes and restarts, because they live in the store,
// not in one process's memory. Two real `reclaim serve` processes on one store: a one-time code
// accepted by the first is refused by the second (operators.last_totp_step), and the per-address
// limit of 20 sign-in attempts a minute counts the attempts made at both (login_attempts). The
// second process, started after the first sign-in, also stands for the first one restarted.
import { nameKeyOf } from '../../src/store/operators/login-failures.ts';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { openStore } from '../../src/store/open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-totp-replay-'));
writeFileSync(join(dir, 'key'), 'totp-replay-test-key-0123456789abcdef', { mode: 0o600 });
const config = join(dir, 'reclaim.yaml');
writeFileSync(
  config,
  [
    'campaign: { name: "totp replay test" }',
    `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
    'directories:',
    '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
      '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
    `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
  ].join('\n'),
);
const bin = join(process.cwd(), 'bin/reclaim.mjs');
const children: ChildProcess[] = [];
let servers: Promise<[string, string]> | undefined;
const twoServers = () => (servers ??= Promise.all([serve(), serve()]));
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function serve(): Promise<string> {
  const child = spawn(process.execPath, [bin, '-c', config, 'serve', '--listen', '127.0.0.1:0', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 120_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const match = /"url": "([^"]+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

test('a code accepted by one `reclaim serve` is refused by another on the same store', async () => {
  const add = spawnSync(process.execPath, [bin, '-c', config, 'operator', 'add', 'vera', '--role', 'admin', '--json'], {
    encoding: 'utf8',
  });
  assert.equal(add.status, 0, add.stderr);
  const enrolled = JSON.parse(add.stdout) as { initialPassword: string; totpEnrolmentUri: string };
  const secret = base32Decode(/secret=([A-Z2-7]+)/.exec(enrolled.totpEnrolmentUri)![1]!);
  const [first, second] = await twoServers();
  const login = (url: string, totp: string) =>
    fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'vera', password: enrolled.initialPassword, totp }),
    });

  const now = Date.now();
  const code = totpAt(secret, now / 1000);
  const accepted = await login(first, code);
  assert.equal(accepted.status, 200, await accepted.text());
  const replayed = await login(second, code);
  assert.equal(replayed.status, 401, 'the second process refuses the replayed code');
  assert.equal(((await replayed.json()) as { error: { code: string } }).error.code, 'AUTH_REQUIRED');
  const again = await login(first, code);
  assert.equal(again.status, 401, 'and so does the first');

  const store = await openStore(`sqlite:${join(dir, 'reclaim.sqlite')}`);
  try {
    const row = await store.db
      .selectFrom('operators')
      .select(['lastTotpStep'])
      .where('username', '=', 'vera')
      .executeTakeFirstOrThrow();
    const failed = await store.db
      .selectFrom('loginFailures')
      .select('failures')
      .where('nameKey', '=', nameKeyOf('vera'))
      .where('address', '=', '127.0.0.1')
      .executeTakeFirstOrThrow();
    const step = Number(row.lastTotpStep);
    assert.ok(
      step === Math.floor(now / 30_000) ||
        step === Math.floor(now / 30_000) - 1 ||
        step === Math.floor(now / 30_000) + 1,
      `the accepted step is in the store (${step})`,
    );
    assert.equal(Number(failed.failures), 2, 'each replay counts as a failed sign-in (of the name, from the address)');
  } finally {
    await store.close();
  }
});

test('the per-address sign-in limit counts the attempts made at every serve process', async () => {
  const [first, second] = await twoServers();
  // a new name each time: five failures of one name lock that name at the address first
  let guesses = 0;
  const attempt = (url: string) =>
    fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `nobody-${(guesses += 1)}`, password: 'wrong password', totp: '000000' }),
    });
  const store = await openStore(`sqlite:${join(dir, 'reclaim.sqlite')}`);
  try {
    const recorded = async () =>
      Number(
        (
          await store.db
            .selectFrom('loginAttempts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('address', '=', '127.0.0.1')
            .executeTakeFirst()
        )?.n ?? 0,
      );
    // Use up the address's minute at the first process (the earlier test's attempts count too).
    let refusedAt = -1;
    for (let i = 0; i < 25 && refusedAt < 0; i++) {
      const r = await attempt(first);
      if (r.status !== 401) refusedAt = i;
      await r.arrayBuffer();
    }
    assert.ok(refusedAt >= 0, 'the first process refuses once the limit is reached');
    assert.equal(await recorded(), 20, 'twenty attempts recorded for the address; the refused one is not');
    const atSecond = await attempt(second);
    const body = (await atSecond.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'ACCOUNT_LOCKED');
    assert.match(body.error.message, /Too many sign-in attempts from this address/);
    assert.equal(await recorded(), 20);
  } finally {
    await store.close();
  }
});
