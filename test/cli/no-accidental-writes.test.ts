// Commands never create or lose data by accident: a relative sqlite: path is relative to the config
// file; a read-only command never creates a store; triage amends the open campaign instead of
// forking a second one (a new one only with --new-campaign) and warns when nothing was answered
// yes; a discovery that fails leaves no snapshot behind; account names are validated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-accidental-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const elsewhere = join(dir, 'elsewhere');
mkdirSync(elsewhere);
writeFileSync(join(dir, 'reclaim.key'), 'accidental-test-key-0123456789abcdefghijkl', { mode: 0o600 });
const configFile = join(dir, 'reclaim.yaml');
writeFileSync(
  configFile,
  [
    'store: { url: "sqlite:./campaign.sqlite" }',
    'directories:',
    '  - { id: corp-ad, kind: ad, urls: ["ldaps://127.0.0.1:1"], baseDns: ["DC=corp,DC=example"], ' +
      'bindDn: "svc@corp.example", password: "env:RECLAIM_TEST_BIND", connectTimeoutMs: 1000 }',
    `engine: { passwordKey: "file:${join(dir, 'reclaim.key')}" }`,
  ].join('\n'),
);
const answers = join(dir, 'answers.yaml');
writeFileSync(
  answers,
  'indicators:\n  adDatabaseStaged: { answer: true, evidence: "vssadmin" }\nknownCompromisedAccounts: []\n',
);
const none = join(dir, 'none.yaml');
writeFileSync(none, 'indicators: {}\nknownCompromisedAccounts: []\n');

const cli = (args: string[], cwd = elsewhere) =>
  spawnSync(process.execPath, [join(root, 'bin/reclaim.mjs'), '-c', configFile, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, RECLAIM_TEST_BIND: 'x', RECLAIM_OPERATOR: 'alice' },
  });
const storeFile = join(dir, 'campaign.sqlite');

async function rows(table: 'campaigns' | 'snapshots' | 'identities' | 'triageDecisions' | 'auditLog') {
  const store = await openStore(`sqlite:${storeFile}`);
  try {
    return await store.db.selectFrom(table).selectAll().execute();
  } finally {
    await store.close();
  }
}

describe('no accidental writes', () => {
  it('a read-only command on a store that does not exist creates nothing and says so', () => {
    const status = cli(['status']);
    assert.equal(status.status, 2, status.stderr);
    assert.match(status.stderr, /No store at .*campaign\.sqlite: start a campaign with `reclaim triage`/);
    assert.equal(existsSync(storeFile), false);
    assert.equal(existsSync(join(elsewhere, 'campaign.sqlite')), false, 'nothing created in the current folder either');
  });

  it('the store is beside the config file, whatever the current folder; triage amends the open campaign', async () => {
    const first = cli(['triage', '--answers', answers, '--json']);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(existsSync(storeFile), true, 'created beside reclaim.yaml');
    const second = cli(['triage', '--answers', none, '--json'], dir);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stderr, /warning: no indicator was answered yes/);
    const a = JSON.parse(first.stdout) as { campaignId: string; created: boolean };
    const b = JSON.parse(second.stdout) as { campaignId: string; created: boolean; amended: boolean };
    assert.equal(b.campaignId, a.campaignId, 'the same campaign');
    assert.equal(b.amended, true);
    assert.equal((await rows('campaigns')).length, 1);
    assert.equal((await rows('triageDecisions')).length, 2, 'both decisions kept');
    assert.ok((await rows('auditLog')).some((r) => r.action === 'triage.amend'));
    const third = cli(['triage', '--answers', answers, '--new-campaign', '--json']);
    assert.equal(third.status, 0, third.stderr);
    assert.notEqual((JSON.parse(third.stdout) as { campaignId: string }).campaignId, a.campaignId);
    assert.equal((await rows('campaigns')).length, 2);
  });

  it('a discovery against an unreachable DC leaves no snapshot or identity row', async () => {
    const run = cli(['discover']);
    assert.notEqual(run.status, 0);
    assert.equal((await rows('snapshots')).length, 0, run.stderr);
    assert.equal((await rows('identities')).length, 0);
  });

  it('operator account names are validated, every one before any account is created', async () => {
    for (const bad of ['', 'a b', 'x'.repeat(65), 'x'.repeat(500), 'evil\nconsole.login ok', 'semi;colon']) {
      const run = cli(['operator', 'add', bad, '--role', 'admin', '--json']);
      assert.equal(run.status, 2, `${JSON.stringify(bad)}: ${run.stderr}`);
      const { error } = JSON.parse(run.stderr) as { error: { code: string; message: string } };
      assert.equal(error.code, 'USAGE_INVALID');
      assert.match(error.message, /is not a valid account name/);
    }
    // a list with one bad name creates none of them
    const mixed = cli(['operator', 'add', 'good-name', 'bad name', '--role', 'admin']);
    assert.equal(mixed.status, 2, mixed.stderr);
    const store = await openStore(`sqlite:${storeFile}`);
    try {
      assert.deepEqual(await store.db.selectFrom('operators').select('username').execute(), []);
    } finally {
      await store.close();
    }
  });
});
