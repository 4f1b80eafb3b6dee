// A failed krbtgt reset on the lab DC (issue 15, item 4): bound as the delegated operator, which has
// no right on krbtgt, `krbtgt reset` exits 3 and prints the reason; asked again with an admin bind it
// retries the SAME step (journal: retry-requested, then a new attempt) and the key moves by one; a
// step whose first write did land (here: the key rolled out of band after the failed attempt) is
// recognised from msDS-KeyVersionNumber and never rolled a second time.
// The key version is compared exactly: another test resetting the lab's krbtgt at the same moment
// would show here (`npm test` runs one file at a time).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KrbtgtStatus } from '../../src/app/campaign/krbtgt-steps.ts';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import { lab, testPassword } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { plannedCampaign, stolenDatabaseAnswers } from './support/planned-campaign.ts';

let env: CampaignLab;
let adminConfig: string;
const krbtgtDn = () => `CN=krbtgt,CN=Users,${lab().baseDn}`;

before(async () => {
  env = await startCampaignLab({ users: 1 });
  // the same campaign store, bound as the Administrator: the corrected bind of the retry
  const info = lab();
  adminConfig = join(env.dir, 'reclaim-admin.yaml');
  writeFileSync(
    adminConfig,
    readFileSync(env.configFile, 'utf8')
      .replace(info.operator.upn, info.admin.upn)
      .replace(info.operator.passwordFile, info.admin.passwordFile),
  );
});
after(async () => {
  await env?.close();
});

const cli = (config: string, args: string[]) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', config, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
  });

async function kvno(): Promise<number> {
  const { searchEntries } = await env.admin.search(krbtgtDn(), {
    scope: 'base',
    attributes: ['msDS-KeyVersionNumber'],
  });
  return Number(searchEntries[0]!['msDS-KeyVersionNumber']);
}

async function stepJournal(campaignId: string): Promise<{ ids: number[]; events: string[]; kvnoBefore: unknown[] }> {
  const store = await env.app('alice').store();
  const actions = await store.db
    .selectFrom('actions')
    .select(['id'])
    .where('campaignId', '=', campaignId)
    .where('kind', '=', 'resetKrbtgt')
    .execute();
  const events = await store.db
    .selectFrom('journalEvents')
    .select(['event', 'details'])
    .where('actionId', 'in', actions.length ? actions.map((a) => a.id) : [-1])
    .orderBy('id')
    .execute();
  return {
    ids: actions.map((a) => Number(a.id)),
    events: events.map((e) => e.event),
    kvnoBefore: events
      .filter((e) => e.event === 'apply-start')
      .map((e) => (JSON.parse(e.details) as { keyVersionNumberBefore?: number }).keyVersionNumberBefore),
  };
}

describe('a failed krbtgt reset', () => {
  it('exits 3 with the reason, and a retry with an admin bind really resets (the same action, journaled)', async () => {
    const { campaignId } = await plannedCampaign(env, stolenDatabaseAnswers);
    const v0 = await kvno();
    const failed = cli(env.configFile, ['krbtgt', 'reset', '--yes', '--campaign', campaignId]);
    assert.equal(failed.status, 3, `exit ${failed.status}: ${failed.stdout}${failed.stderr}`);
    assert.match(failed.stderr, /krbtgt: INSUFFICIENT_RIGHTS/);
    assert.match(failed.stderr, /no right to change this object/);
    assert.equal(await kvno(), v0, 'nothing written');
    const status = JSON.parse(
      cli(env.configFile, ['krbtgt', 'status', '--json', '--campaign', campaignId]).stdout,
    ) as KrbtgtStatus;
    assert.equal(status.accounts[0]?.states.step1, 'failed');
    assert.equal(status.accounts[0]?.failure?.code, 'INSUFFICIENT_RIGHTS');

    const retried = cli(adminConfig, ['krbtgt', 'reset', '--yes', '--campaign', campaignId]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.match(retried.stdout, /krbtgt reset 1 of krbtgt \(tried again: krbtgt\): 1 applied, 0 failed/);
    assert.equal(await kvno(), v0 + 1, 'the retry rolled the key once');
    const journal = await stepJournal(campaignId);
    assert.equal(journal.ids.length, 1, 'the same action, not a second one');
    assert.deepEqual(
      journal.events.filter((e) => e !== 'claim'),
      ['apply-start', 'apply-failed', 'retry-requested', 'apply-start', 'apply-ok'],
    );
    assert.deepEqual(journal.kvnoBefore, [v0, v0], 'each attempt read the key version before writing');
    const done = JSON.parse(
      cli(env.configFile, ['krbtgt', 'status', '--json', '--campaign', campaignId]).stdout,
    ) as KrbtgtStatus;
    assert.equal(done.accounts[0]?.next, 'second');
  });

  it('never rolls twice a step whose failed attempt did land: the key version decides', async () => {
    const { campaignId } = await plannedCampaign(env, stolenDatabaseAnswers);
    assert.equal(cli(env.configFile, ['krbtgt', 'reset', '--yes', '--campaign', campaignId]).status, 3);
    const v0 = await kvno();
    // as if the refused attempt's write had reached the DC after all
    await env.admin.modify(krbtgtDn(), [
      ldapChange('replace', 'unicodePwd', Buffer.from(`"${testPassword()}"`, 'utf16le')),
    ]);
    assert.equal(await kvno(), v0 + 1);
    const retried = cli(adminConfig, ['krbtgt', 'reset', '--yes', '--campaign', campaignId]);
    assert.equal(retried.status, 0, retried.stderr);
    assert.equal(await kvno(), v0 + 1, 'recovered as applied from the key version, not rolled again');
    const journal = await stepJournal(campaignId);
    assert.deepEqual(
      journal.events.filter((e) => e !== 'claim'),
      ['apply-start', 'apply-failed', 'retry-requested', 'recovered-applied'],
    );
  });
});
