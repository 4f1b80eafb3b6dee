// Faults on the AD side: a must-change reset wave of 300 lab users runs through a TCP relay to the
// DC; a third of the way in every LDAP connection is reset at once, two thirds in the Samba DC
// itself is restarted (SIGTERM, then `lab up`). The wave still completes with every action
// accounted for, each applied exactly once: proved from the journal (one successful outcome per
// action), from the directory (each user's unicodePwd written exactly once, by its replication
// metadata version, and pwdLastSet 0) and by real binds (the password the engine derived for the
// action is the one the DC holds: the bind answers "must change", data 773, not "wrong password").
// It restarts the shared DC: run it under the EXCLUSIVE lab lock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { ActionPasswords } from '../../src/engine/action-passwords.ts';
import type { EngineEvent } from '../../src/engine/engine-event.ts';
import { ldapChange } from '../../src/directories/ad/ldap-change.ts';
import { lab } from '../directories/ad/support/ad-test-lab.ts';
import { bindResult } from './support/bind-result.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { startCuttableProxy, type CuttableProxy } from './support/cuttable-proxy.ts';
import { restartLabDc } from './support/restart-lab-dc.ts';
import { proven } from '../support/proven-operator.ts';

const users = 300;
const log = (line: string) => process.stderr.write(`faults-ad: ${line}\n`);
let env: CampaignLab;
let proxy: CuttableProxy;

before(async () => {
  const dc = new URL(lab().dcs[0]!.url);
  proxy = await startCuttableProxy({ host: dc.hostname, port: Number(dc.port || 636) });
  env = await startCampaignLab({ users, urls: [proxy.url] });
});
after(async () => {
  await env?.close();
  await proxy?.close();
});

describe('AD faults during a wave', () => {
  it('connections reset and a DC restart mid-wave: every action applied exactly once', async () => {
    const info = lab();
    await Promise.all(env.users.map((u) => env.admin.modify(u.dn, [ldapChange('replace', 'pwdLastSet', '-1')])));
    const versionsBefore = new Map<string, number>();
    for (const u of env.users) versionsBefore.set(u.sam, (await env.readUser(u)).unicodePwdVersion);

    const alice = env.app('alice');
    const bob = env.app('bob');
    const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
    const { campaignId } = await recordTriage(alice, { answers, newCampaign: true });
    await discoverDirectories(alice, { campaignId });
    const { plan } = await makePlan(await proven(alice), { campaignId });
    assert.deepEqual(
      Object.keys(plan.totals.byTreatment).sort(),
      ['helpdeskReset', 'krbtgtDoubleReset'],
      'high assurance: a must-change reset for everyone (krbtgt on its own timeline)',
    );
    await approvePlan(await proven(bob), { campaignId });

    let applied = 0;
    const failures = new Map<string, number>();
    let cut = -1;
    let restart: Promise<{ before: number | undefined; after: number }> | undefined;
    const onEvent = (e: EngineEvent) => {
      if (e.type !== 'action') return;
      if (e.outcome === 'retry' || e.outcome === 'failed')
        failures.set(`${e.outcome}:${e.code}`, (failures.get(`${e.outcome}:${e.code}`) ?? 0) + 1);
      if (e.outcome !== 'applied') return;
      applied += 1;
      if (applied === Math.floor(users / 3)) {
        cut = proxy.cut();
        log(`after ${applied} applied: cut ${cut} connections`);
      }
      if (applied === Math.floor((2 * users) / 3)) {
        log(`after ${applied} applied: restarting the DC`);
        restart = restartLabDc(info.labDir, log);
      }
    };
    const result = await runCampaign(alice, { campaignId, allWaves: true, onEvent });
    const restarted = await restart;
    await env.reconnectAdmin();
    log(
      `run: ${JSON.stringify(result.summary)}; faults seen: ${JSON.stringify(Object.fromEntries(failures))}; restart ${JSON.stringify(restarted)}`,
    );

    // The faults really happened mid-wave.
    assert.ok(cut >= 1, `connections were open when cut (${cut})`);
    assert.ok(
      restarted && restarted.before !== undefined && restarted.after !== restarted.before,
      'the DC was restarted (new samba pid)',
    );
    assert.ok(result.summary.retries > 0, 'some writes failed retryably and were retried');
    assert.equal(result.summary.stoppedBy, 'done');
    assert.equal(result.summary.failed, 0, `no action failed (${JSON.stringify(Object.fromEntries(failures))})`);

    // From the journal: every action applied, with exactly one successful outcome.
    const store = await alice.store();
    const actions = await store.db
      .selectFrom('actions')
      .select(['id', 'state', 'identityName'])
      .where('campaignId', '=', campaignId)
      .execute();
    assert.equal(actions.length, users, 'one action per user');
    const outcomes = await store.db
      .selectFrom('journalEvents')
      .select(['actionId'])
      .where('campaignId', '=', campaignId)
      .where('event', 'in', ['apply-ok', 'recovered-applied'])
      .execute();
    const perAction = new Map<number, number>();
    for (const o of outcomes) perAction.set(Number(o.actionId), (perAction.get(Number(o.actionId)) ?? 0) + 1);
    assert.deepEqual(
      actions.filter((a) => a.state !== 'applied').map((a) => `${a.identityName}:${a.state}`),
      [],
      'every action applied',
    );
    assert.deepEqual(
      actions
        .filter((a) => perAction.get(Number(a.id)) !== 1)
        .map((a) => `${a.identityName}:${perAction.get(Number(a.id)) ?? 0}`),
      [],
      'exactly one successful outcome per action',
    );

    // From the directory: each password written exactly once, must-change set.
    const writes = new Map<string, number>();
    for (const u of env.users) {
      const now = await env.readUser(u);
      writes.set(u.sam, now.unicodePwdVersion - versionsBefore.get(u.sam)!);
      assert.equal(now.pwdLastSet, '0', `${u.sam} must change at next logon`);
    }
    assert.deepEqual(
      [...writes].filter(([, n]) => n !== 1),
      [],
      'every unicodePwd written exactly once',
    );

    // Real binds: the DC holds the password derived for the action (773 = right password, must change).
    const passwords = new ActionPasswords(() => alice.passwordKey(), campaignId);
    const byName = new Map(env.users.map((u) => [u.sam, u]));
    const wrong: string[] = [];
    for (const a of actions) {
      const user = [...byName.values()].find((u) => a.identityName.toLowerCase().includes(u.sam.toLowerCase()));
      assert.ok(user, `action ${a.id} (${a.identityName}) is for a test user`);
      const upn = `${user.sam}@${info.realm.toLowerCase()}`;
      const derived = await bindResult(
        info.dcs[0]!.url,
        info.caFile,
        upn,
        (await passwords.passwordFor(Number(a.id), [a.identityName])).reveal(),
      );
      const old = await bindResult(info.dcs[0]!.url, info.caFile, upn, user.password);
      if (derived !== '773' || old !== '52e') wrong.push(`${user.sam}: derived ${derived}, old ${old}`);
    }
    assert.deepEqual(wrong, [], 'the recorded password is the one the DC holds, the old one no longer works');
  });
});
