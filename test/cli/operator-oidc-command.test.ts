// `reclaim operator oidc NAME` and `reclaim operator oidc-switch off|on` run as the real CLI: an
// unknown operator is a usage error (exit 2, NOT_FOUND named), the switch is a dry run without
// --yes, and with --yes it is held in the store (read back) and audited.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/app/create-app.ts';
import { readOidcSwitch, type OidcSwitchState } from '../../src/store/operators/oidc-switch.ts';

let dir: string;
let configFile: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'reclaim-operator-cli-'));
  configFile = join(dir, 'reclaim.yaml');
  writeFileSync(join(dir, 'key'), 'operator-cli-test-key-0123456789ab', { mode: 0o600 });
  writeFileSync(
    configFile,
    [
      'campaign: { name: "operator cli test" }',
      `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
    ].join('\n'),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', configFile, ...args], {
    input: '',
    encoding: 'utf8',
    env: { ...process.env, RECLAIM_OPERATOR: 'dana' },
  });

async function readBack(): Promise<{
  state: OidcSwitchState;
  audit: Array<{ action: string; actor: string; details: string }>;
}> {
  const app = createApp({ configFile, operator: 'test' });
  try {
    const store = await app.store();
    const audit = await store.db
      .selectFrom('auditLog')
      .select(['action', 'actor', 'details'])
      .where('action', 'like', 'console.oidc.%')
      .orderBy('seq')
      .execute();
    return { state: await readOidcSwitch(store), audit };
  } finally {
    await app.close();
  }
}

describe('reclaim operator oidc / oidc-switch', () => {
  test('an unknown operator name exits 2 with NOT_FOUND naming it', () => {
    const r = cli('operator', 'oidc', 'nobody', '--enable');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /error NOT_FOUND: No console operator named nobody/);
  });

  test('oidc-switch off without --yes is a dry run: it says what would change and changes nothing', async () => {
    const r = cli('operator', 'oidc-switch', 'off', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { dryRun: boolean; on: boolean; endedSessions: number; configured: boolean };
    assert.deepEqual(
      { dryRun: out.dryRun, on: out.on, endedSessions: out.endedSessions, configured: out.configured },
      { dryRun: true, on: true, endedSessions: 0, configured: false },
    );
    const text = cli('operator', 'oidc-switch', 'off');
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /dry run: nothing was changed; add --yes to do it/);
    const back = await readBack();
    assert.equal(back.state.on, true);
    assert.deepEqual(back.audit, []);
  });

  test('oidc-switch off --yes is held in the store and audited; on --yes switches it back', async () => {
    const off = cli('operator', 'oidc-switch', 'off', '--yes', '--reason', 'IdP compromised', '--json');
    assert.equal(off.status, 0, off.stderr);
    assert.equal((JSON.parse(off.stdout) as { on: boolean; dryRun: boolean }).on, false);
    let back = await readBack();
    assert.deepEqual(
      { on: back.state.on, by: back.state.changedBy, reason: back.state.reason },
      { on: false, by: 'dana', reason: 'IdP compromised' },
    );
    assert.deepEqual(
      back.audit.map((a) => [a.action, a.actor]),
      [['console.oidc.switch-off', 'dana']],
    );

    const on = cli('operator', 'oidc-switch', 'on', '--yes', '--as', 'erin');
    assert.equal(on.status, 0, on.stderr);
    assert.match(on.stdout, /OIDC sign-in switched on/);
    assert.match(on.stdout, /console\.oidc is not configured/);
    back = await readBack();
    assert.deepEqual({ on: back.state.on, by: back.state.changedBy }, { on: true, by: 'erin' });
    assert.deepEqual(
      back.audit.map((a) => [a.action, a.actor]),
      [
        ['console.oidc.switch-off', 'dana'],
        ['console.oidc.switch-on', 'erin'],
      ],
    );
  });

  test('oidc-switch with anything but off or on is a usage error (exit 2), nothing written', async () => {
    const r = cli('operator', 'oidc-switch', 'sideways', '--yes');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /error USAGE_INVALID: oidc-switch takes off or on, not "sideways"/);
    assert.equal((await readBack()).audit.length, 2);
  });
});
