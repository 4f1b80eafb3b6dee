// Planning from identities read in pages (what `reclaim plan` does, so it never holds them all)
// gives the same plan, to the content hash, as planning from the whole array: hybrid pairs whose
// two sides sit in different pages, an Entra user with ambiguous anchors, two Entra users claiming
// one AD object, a synced user whose AD side was not discovered, and a compromised name matching
// nobody. The Entra sides are asked for only by the AD keys of the page being segmented.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { syncedLinksIn } from '../../../src/core/segmentation/synced-links.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { aHybridPerson, anIdentity, directories, now, settings, sha256 } from '../support/an-identity.ts';
import { pagedPlan } from '../support/paged-plan.ts';

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

describe('planning from pages', () => {
  it("gives the plan planning from the array gives, and asks for the Entra sides by each page's AD keys", async () => {
    const all = population();
    const links = syncedLinksIn(all);
    const asked: string[][] = [];
    const answered: string[] = [];
    const paged = await pagedPlan({
      ...common,
      async *pages() {
        for (let i = 0; i < all.length; i += 3) yield all.slice(i, i + 3).map((x) => structuredClone(x));
      },
      links: {
        ambiguous: async () => links.ambiguous(),
        sharedClaims: async () => links.sharedClaims(),
        async linkedTo(directory, keys) {
          asked.push([...keys]);
          const found = links.linkedTo(directory, keys);
          answered.push(...found.map((i) => i.key));
          return found.map((x) => structuredClone(x));
        },
        unresolved: () => links.unresolved(),
        tiedCount: async () => links.tiedCount(),
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
    // pages of 3 identities ask by at most 3 AD keys, each AD identity once; what comes back is
    // the Entra sides of the hybrid people and zoe's two claimants (then ignored: claimed twice)
    assert.ok(asked.every((keys) => keys.length <= 3));
    assert.deepEqual(
      asked.flat().sort(),
      all
        .filter((i) => i.kind === 'ad')
        .map((i) => i.key)
        .sort(),
    );
    assert.deepEqual(
      answered.sort(),
      [...['ana', 'ben', 'cleo', 'dov', 'eli', 'fay', 'gus'].map((n) => `cloud-${n}`), 'cloud-z1', 'cloud-z2'].sort(),
    );
  });

  it('refuses to plan when a synced user is neither paired with its AD object nor set aside', async () => {
    // SAFETY: a store whose answers disagree (the identities changed between two queries) must
    // not yield a plan that silently leaves a synced user out
    const all = population();
    const links = syncedLinksIn(all);
    await assert.rejects(
      pagedPlan({
        ...common,
        async *pages() {
          yield all;
        },
        links: {
          ...links,
          linkedTo: (directory, keys) => links.linkedTo(directory, keys).filter((i) => i.key !== 'cloud-ben'),
        },
      }),
      { code: 'STORE_CONFLICT' },
    );
  });
});
