// A plan version's id and body are what they were before the body was written in parts (issue 17:
// `reclaim plan` no longer builds the body as one string): for a fixed plan, the version id, the
// body `planVersionBody` and `findCurrentPlan` read back, and `plan export`'s text (its body
// re-printed) are byte for byte those the store gave when the body was one canonical JSON text.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { findCurrentPlan } from '../../../src/app/campaign/current-plan.ts';
import { canonicalJson } from '../../../src/core/canonical-json.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { latestPlanVersion, planVersionBody } from '../../../src/store/plans/read-plan-versions.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { aHybridPerson, anIdentity, directories, now, settings, sha256 } from '../../core/support/an-identity.ts';
import { aCampaign, t0 } from './store-fixtures.ts';

/** A plan with several waves, hybrid people, text that needs escaping and a protected account. */
function aPlan() {
  return planCampaign({ ...fixedPlanInput(), hash: sha256 });
}

/** What aPlan is planned from (plan-spill-planning-contract.ts plans it through the store's spill). */
export function fixedPlanInput() {
  const identities = [
    anIdentity({ name: 'root-admin', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
    ...aHybridPerson('hana'),
    anIdentity({ name: 'o\'brien "q" \\ é', department: 'Ops' }),
    anIdentity({ name: 'svc-reclaim' }),
    anIdentity({ name: 'carol', kind: 'entra', department: 'Zed' }),
    ...Array.from({ length: 30 }, (_, i) => anIdentity({ name: `user${i}`, department: `Dept ${i % 4}` })),
  ];
  return {
    identities,
    triage: decideTriage(
      { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: ['user3', 'nobody'] },
      { answeredBy: 'dana', answeredAt: now },
    ),
    settings: settings({
      waves: { groupBy: 'department', deadlineHours: 72, reminderHours: [24], graceHours: 4, maxSize: 9 },
      protected: { identities: ['svc-reclaim'], groups: [] },
    }),
    directories,
    startAt: now,
    now,
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

export function planBodyContract(store: () => Store): void {
  it('a fixed plan keeps its version id, its body and its export, byte for byte', async () => {
    const plan = aPlan();
    assert.ok(plan.waves.length >= 3 && plan.assignments.length >= 30, 'a plan of several waves');
    const campaignId = await aCampaign(store());
    const saved = await savePlanVersion(store(), {
      planId: 'fixed-campaign/plan',
      campaignId,
      name: 'fixed',
      body: plan,
      createdBy: 'alice',
      now: t0,
    });
    assert.equal(saved.versionId, 'fbc2e79c24e13be688bb462c3d53ee3e20feaa9be46543cacc09d6ed55181e6c');
    const body = await planVersionBody(store(), saved.versionId);
    assert.equal(body, canonicalJson(plan));
    assert.equal(digest(body ?? ''), 'b1aba72db87063194ff7d81727aff07484d6fc19d712a7711a980b1425aabb9e');
    assert.equal((await latestPlanVersion(store(), campaignId))?.body, body);
    const current = await findCurrentPlan(store(), campaignId);
    assert.deepEqual(current?.plan, JSON.parse(JSON.stringify(plan)));
    // what `plan export` prints (plan-command.ts)
    assert.equal(
      digest(`${JSON.stringify(current?.plan, null, 2)}\n`),
      '60d7912a12f2f08428302a12188b539b35155cab8ba7cfd705ff332bb8b984b6',
    );
  });
}
