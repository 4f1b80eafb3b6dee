// ATTACKS on "a wave above guardrails.blastRadius needs two distinct approvers, neither the author",
// through the engine, on a memory directory whose writes are read back. blastRadius is 3; the plan
// has wave 1 of 5 people and wave 2 of 2 (waves.maxSize 5, grouped by department):
// - wave 2 (under the radius) runs with one approver other than the author;
// - wave 1 with one approver is refused at apply time (PLAN_NOT_APPROVED) with nothing written,
//   also when the author's own approval is slipped into the store and the approver approves twice;
//   it runs once a second distinct operator approved;
// - the size is counted from the wave's actions: a hand-edited plan that claims 2 people for wave 1
//   (refused by `plan import`, so written to the store directly) writes 2 (the plan's wave is its
//   size), and a wave whose size was lowered in the store after its 5 actions exist is still refused.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { currentPlan, findCurrentPlan } from '../../src/app/campaign/current-plan.ts';
import { importPlan, makePlan, savedPlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import type { Plan } from '../../src/core/planning/plan.ts';
import { insertWaves } from '../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../src/store/plans/save-plan-version.ts';
import { anIdentity } from '../core/support/an-identity.ts';
import { proven } from '../support/proven-operator.ts';
import { codeOf } from './support/code-of.ts';
import { discovered } from './support/discovered.ts';
import { aSecurityApp, type SecurityApp } from './support/security-app.ts';

const opened: SecurityApp[] = [];
after(async () => Promise.all(opened.map((s) => s.close())));

/** A campaign on 7 people: wave 1 "Big" (5), wave 2 "Small" (2), planned by alice (proven). */
async function waveCampaign(edit?: (plan: Plan) => Plan): Promise<{ s: SecurityApp; plan: Plan; versionId: string }> {
  const s = await aSecurityApp({ users: 7, extraConfig: 'guardrails: { blastRadius: 3 }\nwaves: { maxSize: 5 }' });
  opened.push(s);
  const identities = [...s.ad.users.values()].map((u, i) =>
    anIdentity({ name: u.name, key: u.key, department: i < 5 ? 'Big' : 'Small' }),
  );
  await discovered(await s.app.store(), {
    campaignId: s.campaignId,
    directory: 'corp-ad',
    identities,
    now: new Date(),
  });
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
  await recordTriage(s.app, { answers, campaignId: s.campaignId });
  const alice = await proven(s.app, 'alice');
  const made = await makePlan(alice, { campaignId: s.campaignId });
  let saved = { ...made, plan: await savedPlan(alice, made) };
  if (edit) {
    const plan = edit(structuredClone(saved.plan));
    // `plan import` refuses a plan whose waves do not hold together; the engine must hold even if
    // one reaches the store some other way (an edited row), so the edit is written straight to it.
    await assert.rejects(importPlan(alice, { campaignId: s.campaignId, plan }), { code: 'INPUT_INVALID' });
    saved = { ...saved, plan, ...(await storedAsIs(s, plan)) };
  }
  return { s, plan: saved.plan, versionId: saved.versionId };
}

/** A plan version saved as it is, past `plan import`'s checks (what an edited store row would give). */
async function storedAsIs(s: SecurityApp, plan: Plan): Promise<{ versionId: string }> {
  const store = await s.app.store();
  const parent = await findCurrentPlan(store, s.campaignId);
  const saved = await savePlanVersion(store, {
    planId: `${s.campaignId}/plan`,
    campaignId: s.campaignId,
    name: `plan of ${s.campaignId}`,
    body: plan,
    createdBy: 'alice',
    now: new Date(),
    ...(parent?.versionId !== undefined ? { parentVersionId: parent.versionId } : {}),
  });
  await insertWaves(
    store,
    saved.versionId,
    plan.waves.map((w) => ({
      ordinal: w.number,
      name: w.label,
      startsAt: new Date(w.startAt),
      deadlineAt: new Date(w.deadlineAt),
      graceUntil: new Date(w.graceEndsAt),
      size: w.size,
    })),
  );
  return { versionId: saved.versionId };
}

async function run(s: SecurityApp, wave: number) {
  const result = await runCampaign(s.app, { campaignId: s.campaignId, waves: [wave] });
  return {
    stoppedBy: result.summary.stoppedBy,
    code: result.summary.refusal?.code ?? null,
    applied: result.summary.applied,
  };
}

/** What the directory shows for a wave's people: how many writes each received. */
function writesOf(s: SecurityApp, plan: Plan, wave: number): number[] {
  return plan.assignments.filter((a) => a.wave === wave).map((a) => s.ad.writesTo(a.key).length);
}

async function startedInJournal(s: SecurityApp): Promise<number> {
  const store = await s.app.store();
  return (
    await store.db
      .selectFrom('journalEvents')
      .select('id')
      .where('campaignId', '=', s.campaignId)
      .where('event', '=', 'apply-start')
      .execute()
  ).length;
}

describe('the blast radius at apply time', () => {
  it('a wave under the radius runs with one approver; one above it needs a second distinct approver, never the author', async () => {
    const { s, plan, versionId } = await waveCampaign();
    assert.deepEqual(
      plan.waves.map((w) => [w.number, w.size]),
      [
        [1, 5],
        [2, 2],
      ],
    );
    await approvePlan(await proven(s.app, 'bob'), { campaignId: s.campaignId });

    assert.deepEqual(await run(s, 2), { stoppedBy: 'done', code: null, applied: 2 });
    assert.deepEqual(writesOf(s, plan, 2), [1, 1], 'the small wave was written');

    assert.deepEqual(await run(s, 1), { stoppedBy: 'refused', code: 'PLAN_NOT_APPROVED', applied: 0 });
    assert.deepEqual(writesOf(s, plan, 1), [0, 0, 0, 0, 0], 'nothing of the big wave was written');
    assert.equal(await startedInJournal(s), 2, 'no write of the big wave was even started');

    // The author tries to be the second approver: refused by the use case, and an approval of
    // theirs slipped into the store directly, with the first approver approving again, still counts once.
    assert.equal(
      await codeOf(approvePlan(await proven(s.app, 'alice'), { campaignId: s.campaignId })),
      'SECOND_APPROVER_REQUIRED',
    );
    const store = await s.app.store();
    await store.db
      .insertInto('approvals')
      .values({
        planVersionId: versionId,
        approver: 'alice',
        approvedAt: new Date().toISOString(),
        role: 'operator',
        comment: 'slipped in',
      })
      .execute();
    await approvePlan(await proven(s.app, 'bob'), { campaignId: s.campaignId });
    assert.deepEqual(
      (
        await store.db
          .selectFrom('approvals')
          .select('approver')
          .where('planVersionId', '=', versionId)
          .orderBy('approver')
          .execute()
      ).map((a) => a.approver),
      ['alice', 'bob'],
    );
    assert.deepEqual(await run(s, 1), { stoppedBy: 'refused', code: 'PLAN_NOT_APPROVED', applied: 0 });
    assert.deepEqual(writesOf(s, plan, 1), [0, 0, 0, 0, 0], 'still nothing written');

    await approvePlan(await proven(s.app, 'carol'), { campaignId: s.campaignId });
    assert.deepEqual(await run(s, 1), { stoppedBy: 'done', code: null, applied: 5 });
    assert.deepEqual(writesOf(s, plan, 1), [1, 1, 1, 1, 1], 'each of the big wave written once');
  });

  it('counts a wave from its actions: a smaller size in the plan or in the store does not let more people through', async () => {
    // A hand edit that claims 2 people for wave 1 makes a wave of 2: the 3 it leaves out are never written.
    const edited = await waveCampaign((p) => {
      Object.assign(p.waves.find((w) => w.number === 1)!, { size: 2, needsSecondApprover: false });
      return p;
    });
    assert.equal(
      edited.plan.assignments.filter((a) => a.wave === 1).length,
      5,
      'the edited plan still lists 5 people in wave 1',
    );
    await approvePlan(await proven(edited.s.app, 'bob'), { campaignId: edited.s.campaignId });
    assert.deepEqual(await run(edited.s, 1), { stoppedBy: 'done', code: null, applied: 2 });
    assert.deepEqual(writesOf(edited.s, edited.plan, 1), [1, 1, 0, 0, 0], 'no more written than the 2 claimed');

    // The wave's size lowered in the store after its 5 actions exist: the guard counts the actions.
    const { s, plan, versionId } = await waveCampaign();
    await approvePlan(await proven(s.app, 'bob'), { campaignId: s.campaignId });
    assert.deepEqual(await run(s, 1), { stoppedBy: 'refused', code: 'PLAN_NOT_APPROVED', applied: 0 });
    const store = await s.app.store();
    await store.db
      .updateTable('waves')
      .set({ size: 2 })
      .where('planVersionId', '=', versionId)
      .where('ordinal', '=', 1)
      .execute();
    assert.deepEqual(
      (await currentPlan(store, s.campaignId)).waves.map((w) => [w.ordinal, w.size]),
      [
        [1, 2],
        [2, 2],
      ],
      'the store now claims 2',
    );
    assert.deepEqual(await run(s, 1), { stoppedBy: 'refused', code: 'PLAN_NOT_APPROVED', applied: 0 });
    assert.deepEqual(writesOf(s, plan, 1), [0, 0, 0, 0, 0]);
    assert.equal(await startedInJournal(s), 0);
    await approvePlan(await proven(s.app, 'carol'), { campaignId: s.campaignId });
    assert.deepEqual(await run(s, 1), { stoppedBy: 'done', code: null, applied: 5 });
  });
});
