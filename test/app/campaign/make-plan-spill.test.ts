// `reclaim plan` (makePlan) plans through the store's scratch spill and leaves none of it behind:
// after a plan is saved, and after planning fails once the assignments were spilled. The saved
// version is the one the whole-array planner makes from the same identities, and makePlan returns
// its header (no assignments). A real SQLite store, identities as discovery stores them.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parseTriageAnswersFile } from '../../../src/app/triage/parse-triage-answers.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { makePlan, savedPlan } from '../../../src/app/campaign/make-plan.ts';
import type { App } from '../../../src/app/create-app.ts';
import { canonicalJson } from '../../../src/core/canonical-json.ts';
import { planVersionBody } from '../../../src/store/plans/read-plan-versions.ts';
import { anIdentity } from '../../core/support/an-identity.ts';
import { proven } from '../../support/proven-operator.ts';
import { discovered } from '../../security/support/discovered.ts';
import { aSecurityApp, type SecurityApp } from '../../security/support/security-app.ts';

const opened: SecurityApp[] = [];
after(async () => Promise.all(opened.map((s) => s.close())));

async function scratchRows(app: App): Promise<{ rows: number; runs: number }> {
  const store = await app.store();
  const rows = await store.db.selectFrom('planSpill').select('seq').execute();
  const runs = await store.db.selectFrom('planSpillRuns').select('runId').execute();
  return { rows: rows.length, runs: runs.length };
}

async function aDiscoveredCampaign(): Promise<SecurityApp> {
  const s = await aSecurityApp({ users: 9, extraConfig: 'waves: { maxSize: 4 }' });
  opened.push(s);
  const identities = [...s.ad.users.values()].map((u, i) =>
    anIdentity({ name: u.name, key: u.key, department: i < 6 ? 'Big' : 'Small' }),
  );
  await discovered(await s.app.store(), {
    campaignId: s.campaignId,
    directory: 'corp-ad',
    identities,
    now: new Date(),
  });
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
  await recordTriage(s.app, { answers, campaignId: s.campaignId });
  return s;
}

describe('makePlan and its scratch spill', () => {
  it('saves the plan, returns its header, and leaves no scratch row', async () => {
    const s = await aDiscoveredCampaign();
    const saved = await makePlan(await proven(s.app, 'alice'), { campaignId: s.campaignId });
    assert.equal('assignments' in saved.plan, false, 'the header only');
    assert.equal(saved.plan.totals.inWaves, 9);
    assert.ok(saved.plan.waves.length >= 3, 'the group Big is split by maxSize');
    const whole = await savedPlan(s.app, saved);
    assert.equal(whole.assignments.length, 9);
    assert.deepEqual(
      whole.waves.map((w) => whole.assignments.slice(w.firstAssignment, w.firstAssignment + w.size).map((a) => a.wave)),
      whole.waves.map((w) => Array.from({ length: w.size }, () => w.number)),
    );
    assert.equal(
      await planVersionBody(await s.app.store(), saved.versionId),
      canonicalJson({ ...saved.plan, assignments: whole.assignments }),
    );
    assert.deepEqual(await scratchRows(s.app), { rows: 0, runs: 0 });
  });

  it('leaves no scratch row when planning fails after the assignments were spilled', async () => {
    const s = await aDiscoveredCampaign();
    const alice = await proven(s.app, 'alice');
    // a setting the config schema would refuse: the planner refuses it once segmentation is done
    const broken: App = { ...alice, config: { ...alice.config, waves: { ...alice.config.waves, deadlineHours: -1 } } };
    await assert.rejects(makePlan(broken, { campaignId: s.campaignId }), { code: 'CONFIG_INVALID' });
    assert.deepEqual(await scratchRows(s.app), { rows: 0, runs: 0 });
    const versions = await (await s.app.store()).db.selectFrom('planVersions').select('id').execute();
    assert.equal(versions.length, 1, 'only the fixture plan: nothing half-written');
  });
});
