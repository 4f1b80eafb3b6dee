// The property defended: a helpdesk write is an engine action like any other, journaled before and
// after, and a console killed -9 in the middle of it never leaves a write nobody accounts for, nor
// a write repeated later by an engine nobody is watching. On the real Samba lab DC, a console
// process issues a temporary password through the door and is killed -9:
// - right after the write landed: the next engine run recovers the action from the directory
//   (journal: apply-start, then recovered-applied); the DC holds exactly one new password, the one
//   derived for that action (bind: 773, right password that must be changed), the old one is gone (52e);
//   also when the person already had to change their password (the wave's must-change landed first);
// - inside the write, before it reached the DC: the action is recorded REQUEST_ABANDONED and the
//   directory is unchanged (the old password still binds, the derived one does not).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { executeDueActions } from '../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import type { App } from '../../src/app/create-app.ts';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import { ActionPasswords } from '../../src/engine/action-passwords.ts';
import { recordVerification } from '../../src/store/helpdesk/record-verification.ts';
import { lab, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { bindResult } from '../e2e/support/bind-result.ts';
import { startCampaignLab, type CampaignLab } from '../e2e/support/campaign-lab.ts';
import { proven } from '../support/proven-operator.ts';

const child = fileURLToPath(new URL('./support/helpdesk-crash-child.ts', import.meta.url));
let env: CampaignLab;
let app: App;
let campaignId: string;

before(async () => {
  env = await startCampaignLab({ users: 3, leaseSeconds: 2 });
  app = env.app('alice');
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
  ({ campaignId } = await recordTriage(app, { answers }));
  await discoverDirectories(app, { campaignId });
  await makePlan(await proven(app, 'alice'), { campaignId });
  await approvePlan(await proven(app, 'bob'), { campaignId });
});
after(async () => env?.close());

/** A console issuing a temporary password to `user`, killed -9 at `mode`; the action's id. */
async function killedConsole(user: CreatedUser, mode: 'after-write' | 'before-write'): Promise<number> {
  const store = await app.store();
  await recordVerification(store, {
    campaignId,
    directory: 'lab-ad',
    identityKey: user.guid,
    method: 'call-back',
    evidence: 'called back the number on file',
    verifiedBy: 'helpdesk-1',
    outcome: 'verified',
    now: new Date(),
  });
  const proc = spawn(process.execPath, [child, env.configFile, campaignId, user.guid, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: process.env,
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/written|about-to-write/.test(out)) resolve();
    });
    proc.on('exit', (code) =>
      reject(new Error(`the console exited (${code}) before its marker: ${out} ${err.slice(-2000)}`)),
    );
  });
  proc.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  const row = await store.db
    .selectFrom('actions')
    .select(['id', 'state'])
    .where('campaignId', '=', campaignId)
    .where('identityKey', '=', user.guid)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  assert.equal(row.state, 'claimed', 'the killed console left its action claimed');
  return Number(row.id);
}

/** The next engine run, once the dead console's lease has expired. */
async function engineRecovers(actionId: number): Promise<void> {
  const store = await app.store();
  const { leaseExpiresAt } = await store.db
    .selectFrom('actions')
    .select('leaseExpiresAt')
    .where('id', '=', actionId)
    .executeTakeFirstOrThrow();
  while (Date.now() <= Date.parse(leaseExpiresAt!)) await new Promise((r) => setTimeout(r, 200));
  const summary = await executeDueActions(app, campaignId, { untilDone: true });
  assert.equal(summary.stoppedBy, 'done');
}

async function outcome(actionId: number) {
  const store = await app.store();
  const action = await store.db
    .selectFrom('actions')
    .select(['state', 'lastErrorCode'])
    .where('id', '=', actionId)
    .executeTakeFirstOrThrow();
  const events = await store.db
    .selectFrom('journalEvents')
    .select('event')
    .where('actionId', '=', actionId)
    .orderBy('seq')
    .execute();
  const audit = await store.db
    .selectFrom('auditLog')
    .select('action')
    .where(
      'target',
      '=',
      `lab-ad:${(await store.db.selectFrom('actions').select('identityKey').where('id', '=', actionId).executeTakeFirstOrThrow()).identityKey}`,
    )
    .where('action', 'like', 'helpdesk.credential%')
    .execute();
  return {
    state: action.state,
    code: action.lastErrorCode,
    events: events.map((e) => e.event),
    audit: audit.map((a) => a.action),
  };
}

/** What the DC answers the old password and the password derived for the action. */
async function binds(user: CreatedUser, actionId: number): Promise<{ old: string; derived: string }> {
  const info = lab();
  const upn = `${user.sam}@${info.realm.toLowerCase()}`;
  const derived = await new ActionPasswords(() => app.passwordKey(), campaignId).passwordFor(actionId, [user.sam]);
  return {
    old: await bindResult(info.dcs[0]!.url, info.caFile, upn, user.password),
    derived: await bindResult(info.dcs[0]!.url, info.caFile, upn, derived.reveal()),
  };
}

const setPwdLastSet = (user: CreatedUser, value: '-1' | '0') =>
  env.admin.modify(user.dn, [ldapChange('replace', 'pwdLastSet', value)]);

describe('a helpdesk write killed -9', () => {
  it('after the write landed: recovered from the directory as applied, the derived password set once and must be changed', async () => {
    const user = env.users[0]!;
    await setPwdLastSet(user, '-1');
    const before = await env.readUser(user);
    assert.notEqual(before.pwdLastSet, '0');
    const actionId = await killedConsole(user, 'after-write');
    await engineRecovers(actionId);

    assert.deepEqual(await outcome(actionId), {
      state: 'applied',
      code: null,
      events: ['claim', 'apply-start', 'recovered', 'recovered-applied'],
      audit: ['helpdesk.credential.start'],
    });
    const now = await env.readUser(user);
    assert.equal(now.pwdLastSet, '0', 'must change at next logon');
    assert.equal(now.unicodePwdVersion, before.unicodePwdVersion + 1, 'written exactly once, never re-applied');
    assert.deepEqual(await binds(user, actionId), { old: '52e', derived: '773' });
  });

  it('before the write reached the DC: REQUEST_ABANDONED, the directory unchanged', async () => {
    const user = env.users[1]!;
    await setPwdLastSet(user, '-1');
    const before = await env.readUser(user);
    const actionId = await killedConsole(user, 'before-write');
    await engineRecovers(actionId);

    assert.deepEqual(await outcome(actionId), {
      state: 'failed',
      code: 'REQUEST_ABANDONED',
      events: ['claim', 'apply-start', 'recovered', 'abandoned'],
      audit: ['helpdesk.credential.start'],
    });
    assert.deepEqual(await env.readUser(user), before, 'the directory is unchanged');
    assert.deepEqual(await binds(user, actionId), { old: 'ok', derived: '52e' });
  });

  it('after the write landed on a person who already had to change their password: recovered as applied, not abandoned', async () => {
    const user = env.users[2]!;
    await setPwdLastSet(user, '0');
    const before = await env.readUser(user);
    assert.equal(before.pwdLastSet, '0', "must change already (the wave's must-change landed)");
    const actionId = await killedConsole(user, 'after-write');
    await engineRecovers(actionId);

    const now = await env.readUser(user);
    assert.equal(now.unicodePwdVersion, before.unicodePwdVersion + 1, 'the write landed, once');
    assert.deepEqual(await binds(user, actionId), { old: '52e', derived: '773' });
    assert.deepEqual(
      await outcome(actionId),
      {
        state: 'applied',
        code: null,
        events: ['claim', 'apply-start', 'recovered', 'recovered-applied'],
        audit: ['helpdesk.credential.start'],
      },
      'the journal says what the directory shows',
    );
  });
});
