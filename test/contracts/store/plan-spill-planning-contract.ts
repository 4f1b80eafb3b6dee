// Planning from identity pages through the store's spill, and saving the plan from its header and
// its assignments in pages (what `reclaim plan` does, makePlan), gives what planning the whole
// array and saving the whole body gives: the same plan (hybrid pairs, krbtgt, groups split across
// waves by maxSize, protected and unmanageable set-asides), the same content hash, version id,
// stored body, figures and export; for the fixed plan, the goldens of plan-body-contract.ts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { findCurrentPlan } from '../../../src/app/campaign/current-plan.ts';
import { canonicalJson } from '../../../src/core/canonical-json.ts';
import type { Identity } from '../../../src/core/identity.ts';
import { planCampaign, planCampaignPages, type PlanCampaignInput } from '../../../src/core/planning/plan-campaign.ts';
import { plannedAssignmentPages } from '../../../src/core/planning/planned-assignments.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import type { SegmentAssignment } from '../../../src/core/segmentation/segment-identities.ts';
import { syncedLinksIn } from '../../../src/core/segmentation/synced-links.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import {
  planFiguresOfBody,
  readPlanHelpdeskPeople,
  readPlanWaveFigures,
} from '../../../src/store/plans/plan-figures.ts';
import { planVersionBody } from '../../../src/store/plans/read-plan-versions.ts';
import { planVersionId } from '../../../src/store/plans/save-plan-version.ts';
import { savePlanVersionPages } from '../../../src/store/plans/save-plan-version-pages.ts';
import { openPlanSpill } from '../../../src/store/plans/store-plan-spill.ts';
import {
  aHybridPerson,
  anIdentity,
  directories,
  now,
  settings,
  sha256,
  sha256Stream,
} from '../../core/support/an-identity.ts';
import { fixedPlanInput } from './plan-body-contract.ts';
import { aCampaign, t0, type StoreFactory } from './store-fixtures.ts';

type Input = Omit<PlanCampaignInput, 'hash' | 'identities'> & { identities: Identity[] };

/** Plans through a store spill (pages of 3 identities, spill pages of 2) and saves from pages. */
async function planThroughStore(store: Store, input: Input, planId: string, campaignId: string) {
  const all = input.identities;
  const spill = await openPlanSpill(store, { now: () => t0, pageSize: 2 });
  try {
    const header = await planCampaignPages({
      ...input,
      async *pages() {
        for (let i = 0; i < all.length; i += 3) yield all.slice(i, i + 3).map((x) => structuredClone(x));
      },
      links: syncedLinksIn(all),
      spill,
      hash: sha256Stream,
    });
    const assignments: SegmentAssignment[] = [];
    for await (const page of plannedAssignmentPages(spill, header.waves)) assignments.push(...page);
    const saved = await savePlanVersionPages(store, {
      planId,
      campaignId,
      name: 'paged',
      createdBy: 'alice',
      now: t0,
      header,
      assignments: (db) => plannedAssignmentPages(spill.through(db), header.waves),
    });
    return { plan: { ...header, assignments } as Plan, saved, runId: spill.runId };
  } finally {
    await spill.close();
  }
}

const vpnPassword = 'CN=VPN-Password,OU=Groups,DC=corp,DC=example';
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hybrid pairs, krbtgt, a group of 12 split by maxSize 5, a protected account, set-asides. */
function aRicherInput(): Input {
  const hybrid = ['ana', 'ben', 'cleo'].flatMap((n) => aHybridPerson(n, {}, { department: 'Big' }));
  const [, orphan] = aHybridPerson('orphan');
  return {
    identities: [
      // a third of them on the password VPN, not registered for SSPR: reset through the helpdesk
      ...Array.from({ length: 12 }, (_, i) =>
        anIdentity({ name: `big${i}`, department: 'Big', memberOf: i % 3 === 0 ? [vpnPassword] : [] }),
      ),
      ...hybrid.filter((i) => i.kind === 'ad'),
      anIdentity({ name: 'krbtgt', accountType: 'krbtgt' }),
      anIdentity({ name: 'root', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
      anIdentity({ name: 'svc-reclaim', department: 'Ops' }),
      anIdentity({ name: 'small', department: 'Small' }),
      ...hybrid.filter((i) => i.kind === 'entra'),
      orphan as Identity,
    ],
    triage: decideTriage(
      { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: ['big7'] },
      { answeredBy: 'dana', answeredAt: now },
    ),
    settings: settings({
      waves: { groupBy: 'department', deadlineHours: 72, reminderHours: [24], graceHours: 4, maxSize: 5 },
      protected: { identities: ['svc-reclaim'], groups: [] },
    }),
    directories,
    startAt: now,
    now,
  };
}

export function planSpillPlanningContract(store: () => Store, factory: StoreFactory): void {
  it('saves the fixed plan from pages with the version id, body and export of the whole body', async () => {
    // a store of its own: the shared one already holds this version (plan-body-contract.ts)
    const fresh = await openStore(await factory.freshUrl());
    try {
      const campaignId = await aCampaign(fresh);
      const { plan, saved } = await planThroughStore(fresh, fixedPlanInput(), 'fixed-campaign/plan', campaignId);
      assert.equal(saved.created, true);
      assert.equal(saved.versionId, 'fbc2e79c24e13be688bb462c3d53ee3e20feaa9be46543cacc09d6ed55181e6c');
      const body = await planVersionBody(fresh, saved.versionId);
      assert.equal(digest(body ?? ''), 'b1aba72db87063194ff7d81727aff07484d6fc19d712a7711a980b1425aabb9e');
      assert.equal(body, canonicalJson(plan));
      const current = await findCurrentPlan(fresh, campaignId);
      assert.equal(
        digest(`${JSON.stringify(current?.plan, null, 2)}\n`),
        '60d7912a12f2f08428302a12188b539b35155cab8ba7cfd705ff332bb8b984b6',
      );
    } finally {
      await fresh.close();
    }
  });

  it('plans krbtgt, split groups and set-asides through the spill as the whole array does', async () => {
    const campaignId = await aCampaign(store());
    const input = aRicherInput();
    const { plan, saved, runId } = await planThroughStore(store(), input, `${campaignId}/plan`, campaignId);
    assert.equal(saved.created, true);
    const whole = planCampaign({ ...aRicherInput(), hash: sha256 });
    assert.ok(whole.krbtgt.length === 2 && whole.unmanageable.length === 1 && whole.protected.length >= 1);
    const big = whole.waves.filter((w) => w.groups.includes('Big'));
    assert.ok(big.length >= 3, `the group Big is split across waves: ${whole.waves.map((w) => w.groups)}`);
    assert.ok(whole.hybrid && whole.hybrid.people === 3, 'three synced people');
    assert.deepEqual(plan, whole);
    assert.equal(saved.versionId, planVersionId(`${campaignId}/plan`, whole));
    assert.equal(await planVersionBody(store(), saved.versionId), canonicalJson(whole));
    const figures = planFiguresOfBody(whole);
    assert.deepEqual(
      (await readPlanWaveFigures(store(), saved.versionId)).map((f) => [
        f.number,
        f.startAt,
        f.expectedCalls,
        f.helpdeskPeople,
      ]),
      figures.map((f) => [f.number, f.startAt, f.expectedCalls, f.helpdeskPeople.length]),
    );
    assert.ok(
      figures.some((f) => f.helpdeskPeople.length > 0),
      'people treated through the helpdesk',
    );
    const people = await readPlanHelpdeskPeople(store(), saved.versionId);
    for (const f of figures) assert.deepEqual((people.get(f.number) ?? []).sort(), [...f.helpdeskPeople].sort());
    const left = await store().db.selectFrom('planSpill').select('seq').where('runId', '=', runId).execute();
    assert.equal(left.length, 0, 'no scratch row is left');
  });
}
