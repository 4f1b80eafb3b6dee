// The seed's alternative method on the real lab DC: a Fine-Grained Password Policy with a short
// maximum age instead of must-change. `reclaim run` links Reclaim's PSO to each person of the wave
// (the action carries no DN: the adapter reads it from the GUID), the DC then applies it
// (msDS-ResultantPSO); once a person changed, `reclaim enforce` removes their link (a new password
// must not keep expiring every day), and the PSO itself once nobody is linked. Without --yes, enforce
// previews what it would do, off a terminal too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { enforcePlan } from '../../src/app/campaign/enforce-plan.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { lab } from '../directories/ad/support/ad-test-lab.ts';
import { proven } from '../support/proven-operator.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';

let env: CampaignLab;
before(async () => {
  env = await startCampaignLab({
    users: 3,
    bindAs: 'admin',
    extraConfig: 'segments: { alternatives: { onsite: passwordPolicyExpiry } }',
  });
});
after(async () => {
  await env?.close();
});

async function resultantPso(dn: string): Promise<string | undefined> {
  const { searchEntries } = await env.admin.search(dn, { scope: 'base', attributes: ['msDS-ResultantPSO'] });
  const value = searchEntries[0]?.['msDS-ResultantPSO'];
  return typeof value === 'string' ? value : undefined;
}

async function psoLinks(psoDn: string): Promise<string[] | null> {
  try {
    const { searchEntries } = await env.admin.search(psoDn, { scope: 'base', attributes: ['msDS-PSOAppliesTo'] });
    const v = searchEntries[0]?.['msDS-PSOAppliesTo'];
    return v === undefined ? [] : [v].flat().map(String);
  } catch {
    return null; // deleted
  }
}

describe('the FGPP alternative', () => {
  it('links the short-age PSO to each person at run, and unlinks each once they changed', async () => {
    const info = lab();
    const alice = env.app('alice');
    writeFileSync(
      join(env.dir, 'answers.yaml'),
      'answeredBy: "Dana (IC)"\nindicators:\n  adDatabaseStaged: { answer: true, evidence: "vssadmin on DC01" }\nknownCompromisedAccounts: []\n',
    );
    const { answeredBy: _by, ...answers } = parseTriageAnswersFile(join(env.dir, 'answers.yaml'));
    const { campaignId } = await recordTriage(alice, { answers });
    await discoverDirectories(alice, { campaignId });
    const saved = await makePlan(await proven(alice), { campaignId });
    assert.deepEqual(
      saved.plan.totals.byTreatment,
      { passwordPolicyExpiry: 3, krbtgtDoubleReset: 1 },
      'krbtgt is discovered whatever the scope',
    );
    await approvePlan(await proven(env.app('bob')), { campaignId });
    const run = await runCampaign(alice, { campaignId, allWaves: true });
    assert.equal(run.counts.applied, 3, JSON.stringify(run.summary));

    const psoDn = `CN=Reclaim-max-age-1d,CN=Password Settings Container,CN=System,${info.baseDn}`;
    for (const user of env.users)
      assert.equal(
        (await resultantPso(user.dn))?.toLowerCase(),
        psoDn.toLowerCase(),
        `${user.sam} is governed by Reclaim's PSO`,
      );
    const links = (await psoLinks(psoDn))!.map((d) => d.toLowerCase());
    for (const user of env.users) assert.ok(links.includes(user.dn.toLowerCase()), `${user.sam} linked`);

    const [changed, ...unchanged] = env.users;
    await env.userChangesPassword(changed!);
    // the preview off a terminal: the CLI prints what it would do, then refuses without --yes
    const preview = spawnSync(
      process.execPath,
      ['bin/reclaim.mjs', '-c', env.configFile, 'enforce', '--ignore-deadline', '--json'],
      { encoding: 'utf8', env: { ...process.env, RECLAIM_OPERATOR: 'alice' } },
    );
    assert.equal(preview.status, 4, preview.stderr);
    const previewed = JSON.parse(preview.stdout) as { dryRun: boolean; unlinked: string[] };
    assert.equal(previewed.dryRun, true);
    assert.deepEqual(previewed.unlinked, [changed!.sam]);
    assert.ok(
      (await psoLinks(psoDn))!.some((d) => d.toLowerCase() === changed!.dn.toLowerCase()),
      'the preview wrote nothing',
    );

    const enforced = await enforcePlan(alice, { campaignId, ignoreDeadline: true });
    assert.deepEqual(enforced.unlinked, [changed!.sam]);
    assert.equal(await resultantPso(changed!.dn), undefined, 'the changed person is no longer under the short age');
    for (const user of unchanged)
      assert.equal(
        (await resultantPso(user.dn))?.toLowerCase(),
        psoDn.toLowerCase(),
        `${user.sam} still under the short age`,
      );
    const again = await enforcePlan(alice, { campaignId, ignoreDeadline: true });
    assert.deepEqual(again.unlinked, [], 'an unlink is done once');

    for (const user of unchanged) await env.userChangesPassword(user);
    const last = await enforcePlan(alice, { campaignId, ignoreDeadline: true });
    assert.deepEqual(last.unlinked, unchanged.map((u) => u.sam).sort());
    for (const user of env.users) assert.equal(await resultantPso(user.dn), undefined);
    const remaining = await psoLinks(psoDn);
    // another test running at the same time may hold a link to the same PSO; otherwise it is gone
    assert.ok(
      remaining === null || remaining.every((d) => !env.users.some((u) => u.dn.toLowerCase() === d.toLowerCase())),
      `left: ${JSON.stringify(remaining)}`,
    );
  });
});
