// Planning from identities read in pages (what `reclaim plan` does, so it never holds them all)
// gives the same plan, to the content hash, as planning from the whole array: hybrid pairs whose
// two sides sit in different pages, an Entra user with ambiguous anchors, two Entra users claiming
// one AD object, a synced user whose AD side was not discovered, and a compromised name matching
// nobody. The Entra sides are read back only for the AD identities of the page being segmented.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { createMemorySpill } from '../../../src/core/planning/memory-spill.ts';
import {
  planCampaign,
  planCampaignPages,
  type PlanCampaignPagesInput,
} from '../../../src/core/planning/plan-campaign.ts';
import { plannedAssignmentPages } from '../../../src/core/planning/planned-assignments.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import type { CloudLink, SegmentAssignment } from '../../../src/core/segmentation/segment-identities.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { aHybridPerson, anIdentity, directories, now, settings, sha256, sha256Stream } from '../support/an-identity.ts';

function population(): Identity[] {
  const ad: Identity[] = [];
  const cloud: Identity[] = [];
  for (const name of ['ana', 'ben', 'cleo', 'dov', 'eli', 'fay', 'gus']) {
    const [onPrem, entra] = aHybridPerson(name, {}, { department: name < 'd' ? 'Ops' : 'Sales' });
    ad.push(onPrem);
    cloud.push(entra);
  }
  const [, orphan] = aHybridPerson('orphan');
  const zoe = anIdentity({ name: 'zoe' });
  const claim = (key: string, name: string) =>
    anIdentity({
      name,
      kind: 'entra',
      key,
      onPremisesSyncEnabled: true,
      linkedTo: { directory: 'corp', key: zoe.key },
    });
  const x = anIdentity({ name: 'xavier' });
  const y = anIdentity({ name: 'yann' });
  const anchors = anIdentity({
    name: 'xavier@corp.example',
    kind: 'entra',
    key: 'cloud-x',
    onPremisesSyncEnabled: true,
    linkAmbiguous: {
      reason: 'two anchors',
      candidates: [
        { directory: 'corp', key: x.key },
        { directory: 'corp', key: y.key },
      ],
    },
  });
  return [
    ...ad,
    zoe,
    x,
    y,
    anIdentity({ name: 'root', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
    anIdentity({ name: 'svc-backup' }),
    ...cloud,
    orphan,
    claim('cloud-z1', 'zoe@corp.example'),
    claim('cloud-z2', 'zoe.old@corp.example'),
    anchors,
    anIdentity({ name: 'carol@corp.example', kind: 'entra', key: 'cloud-only-carol' }),
  ] as Identity[];
}

const triage = decideTriage(
  { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: ['ben', 'nobody-here'] },
  { answeredBy: 'dana', answeredAt: now },
);
const common = { triage, settings: settings(), directories, startAt: now, now };

/** The plan planCampaignPages gives through a spill: its header, and its assignments read back from the spill. */
async function pagedPlan(input: Omit<PlanCampaignPagesInput, 'spill' | 'hash'>): Promise<Plan> {
  const spill = createMemorySpill();
  const header = await planCampaignPages({ ...input, spill, hash: sha256Stream });
  const assignments: SegmentAssignment[] = [];
  for await (const page of plannedAssignmentPages(spill, header.waves)) assignments.push(...page);
  return { ...header, assignments };
}

describe('planning from pages', () => {
  it('gives the plan planning from the array gives, and reads back only the Entra sides a page needs', async () => {
    const all = population();
    const asked: string[][] = [];
    const paged = await pagedPlan({
      ...common,
      async *pages(kind) {
        const chosen = kind ? all.filter((i) => i.kind === kind) : all;
        for (let i = 0; i < chosen.length; i += 3) yield chosen.slice(i, i + 3).map((x) => structuredClone(x));
      },
      async readCloudSides(links: readonly CloudLink[]) {
        asked.push(links.map((l) => l.key));
        return links.map((l) => structuredClone(all.find((i) => i.directory === l.directory && i.key === l.key)!));
      },
    });
    const whole = planCampaign({ ...common, identities: population(), hash: sha256 });
    assert.deepEqual(paged, whole);
    assert.equal(paged.contentHash, whole.contentHash);
    assert.deepEqual(paged.unmatchedCompromised, ['nobody-here']);
    assert.deepEqual(
      paged.unmanageable.map((u) => u.ruleId),
      ['synced-without-ad-side', 'synced-link-ambiguous', 'synced-link-ambiguous', 'synced-link-ambiguous'],
    );
    // pages of 3 AD identities ask for at most 3 Entra sides; zoe's two claimants are never read
    assert.ok(asked.every((keys) => keys.length <= 3));
    assert.deepEqual(
      asked.flat().sort(),
      ['ana', 'ben', 'cleo', 'dov', 'eli', 'fay', 'gus'].map((n) => `cloud-${n}`),
    );
  });
});
