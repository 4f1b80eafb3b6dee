// The synced links planning asks the store for (storeSyncedLinks): they answer what the same
// identities answer in memory (syncedLinksIn), only from the campaign's latest snapshots, and a
// plan made from pages read from the store is the plan made from the whole array, to the content
// hash. The population spans two AD domains and two Entra tenants: hybrid pairs whose sides sit in
// different snapshots, one tenant's user tied to the other domain, an AD object claimed by a user
// of each tenant, a user with ambiguous anchors, and synced users whose AD side is missing (in a
// discovered domain, and in one never configured).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import {
  campaignIdentityPages,
  findCampaignIdentities,
  latestSnapshots,
} from '../../../src/app/campaign/campaign-identities.ts';
import type { Identity } from '../../../src/core/identity.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { syncedLinksIn, type SyncedLinks } from '../../../src/core/segmentation/synced-links.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { storeSyncedLinks } from '../../../src/store/identities/store-synced-links.ts';
import { streamIdentities } from '../../../src/store/identities/stream-identities.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { aHybridPerson, anIdentity as aPerson, now, settings, sha256 } from '../../core/support/an-identity.ts';
import { pagedPlan } from '../../core/support/paged-plan.ts';
import { storeBeforeMigration } from '../../store/support/store-before-migration.ts';
import { aCampaign, at, type StoreFactory } from './store-fixtures.ts';

const entra = (name: string, directory: string, overrides: Partial<Identity> = {}): Identity =>
  aPerson({
    name: `${name}@corp.example`,
    kind: 'entra',
    directory,
    key: `${directory}-${name}`,
    onPremisesSyncEnabled: true,
    ...overrides,
  });
const tiedTo = (directory: string, key: string) => ({ linkedTo: { directory, key } });

function population(): Record<'corp' | 'branch' | 'cloud' | 'cloud2', Identity[]> {
  const corp: Identity[] = [];
  const cloud: Identity[] = [];
  for (const name of ['ana', 'ben', 'cleo', 'dov', 'eli']) {
    const [onPrem, side] = aHybridPerson(name, {}, { department: name < 'c' ? 'Ops' : 'Sales' });
    corp.push(onPrem);
    cloud.push(side);
  }
  const [zoe, x, y] = ['zoe', 'xavier', 'yann'].map((name) => aPerson({ name }));
  corp.push(zoe!, x!, y!, aPerson({ name: 'root', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }));
  const branch = ['hal', 'ivy', 'jon'].map((name) => aPerson({ name, directory: 'branch', department: 'Branch' }));
  cloud.push(
    entra('jon', 'cloud', tiedTo('branch', 'key-jon')),
    entra('orphan', 'cloud', tiedTo('corp', 'key-gone')),
    entra('zoe', 'cloud', tiedTo('corp', zoe!.key)),
    entra('xavier', 'cloud', {
      linkAmbiguous: {
        reason: 'two anchors',
        candidates: [
          { directory: 'corp', key: x!.key },
          { directory: 'corp', key: y!.key },
        ],
      },
    }),
    aPerson({ name: 'carol@corp.example', kind: 'entra', directory: 'cloud', key: 'cloud-only-carol' }),
  );
  const cloud2 = [
    entra('hal', 'cloud2', tiedTo('branch', 'key-hal')),
    entra('ivy', 'cloud2', tiedTo('branch', 'key-ivy')),
    entra('zoe.old', 'cloud2', tiedTo('corp', zoe!.key)),
    entra('far', 'cloud2', tiedTo('on-premises', 'key-far')),
  ];
  return { corp, branch, cloud, cloud2 };
}

const triage = decideTriage(
  { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: ['ben', 'orphan@corp.example'] },
  { answeredBy: 'dana', answeredAt: now },
);
const directories = [
  { id: 'corp', kind: 'ad' as const, writesPerSecond: 20 },
  { id: 'branch', kind: 'ad' as const, writesPerSecond: 20 },
  { id: 'cloud', kind: 'entra' as const, writesPerSecond: 10 },
  { id: 'cloud2', kind: 'entra' as const, writesPerSecond: 10 },
];
const common = { triage, settings: settings(), directories, startAt: now, now };

async function drain(pages: Iterable<readonly Identity[]> | AsyncIterable<readonly Identity[]>): Promise<Identity[]> {
  const all: Identity[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
const keys = (identities: readonly Identity[]): string[] => identities.map((i) => i.key);

export function syncedLinksContract(store: () => Store, factory: StoreFactory): void {
  let campaignId = '';
  let snapshotIds: number[] = [];
  let all: Identity[] = [];

  before(async () => {
    campaignId = await aCampaign(store());
    // a superseded snapshot of a tenant: its users (a third claim on zoe, a user tied to ben) are never asked about
    const stale = await startSnapshot(store(), { directory: 'cloud', campaignId, now: at(0) });
    await insertIdentities(store(), stale, [
      entra('ben.old', 'cloud', tiedTo('corp', 'key-ben')),
      entra('zoe.stale', 'cloud', tiedTo('corp', 'key-zoe')),
    ]);
    await finishSnapshot(store(), { snapshotId: stale, now: at(1) });
    for (const [directory, identities] of Object.entries(population())) {
      const snapshotId = await startSnapshot(store(), { directory, campaignId, now: at(10) });
      await insertIdentities(store(), snapshotId, identities);
      await finishSnapshot(store(), { snapshotId, now: at(20) });
    }
    snapshotIds = [...(await latestSnapshots(store(), campaignId)).values()];
    all = (await findCampaignIdentities(store(), campaignId)) ?? [];
  });

  it('answers what the same identities answer in memory, from the latest snapshots only, in page order', async () => {
    const fromStore = storeSyncedLinks(store(), snapshotIds, 1);
    const inMemory = syncedLinksIn(all);
    assert.deepEqual(keys(await fromStore.ambiguous()), ['cloud-xavier']);
    assert.deepEqual(keys(await fromStore.sharedClaims()), ['cloud-zoe', 'cloud2-zoe.old']);
    assert.deepEqual(keys(await drain(fromStore.unresolved())), ['cloud-orphan', 'cloud2-far']);
    assert.deepEqual(
      keys(
        await fromStore.linkedTo('corp', ['key-ana', 'key-ben', 'key-zoe', 'key-xavier', 'key-root', 'key-gone']),
      ).sort(),
      ['cloud-ana', 'cloud-ben', 'cloud-zoe', 'cloud-orphan', 'cloud2-zoe.old'].sort(),
    );
    assert.deepEqual(keys(await fromStore.linkedTo('branch', ['key-jon', 'key-hal'])).sort(), [
      'cloud-jon',
      'cloud2-hal',
    ]);
    // an AD identity's own link to its Entra side is not a synced user's link
    assert.deepEqual(await fromStore.linkedTo('cloud', ['cloud-ana']), []);

    assert.equal(await fromStore.tiedCount(), 12, 'the stale snapshot and the AD side are not counted');
    assert.equal(await fromStore.tiedCount(), inMemory.tiedCount());
    assert.deepEqual(await fromStore.ambiguous(), inMemory.ambiguous());
    assert.deepEqual(await fromStore.sharedClaims(), inMemory.sharedClaims());
    assert.deepEqual(await drain(fromStore.unresolved()), await drain(inMemory.unresolved()));
    const adKeys = all.filter((i) => i.directory === 'corp').map((i) => i.key);
    assert.deepEqual(
      keys(await fromStore.linkedTo('corp', adKeys)).sort(),
      keys(inMemory.linkedTo('corp', adKeys)).sort(),
    );
  });

  it('asks for the Entra sides of a page in batches, whatever the number of keys', async () => {
    const many = Array.from({ length: 1200 }, (_, i) => `key-none-${i}`);
    const found = await storeSyncedLinks(store(), snapshotIds).linkedTo('corp', [...many, 'key-ana', 'key-ben']);
    assert.deepEqual(keys(found).sort(), ['cloud-ana', 'cloud-ben']);
    assert.deepEqual(await storeSyncedLinks(store(), []).sharedClaims(), []);
  });

  it('plans from pages read from the store exactly as from the whole array', async () => {
    const whole = planCampaign({ ...common, identities: all, hash: sha256 });
    assert.deepEqual(
      whole.unmanageable.map((u) => [u.key, u.ruleId]),
      [
        ['cloud-orphan', 'synced-without-ad-side'],
        ['cloud2-far', 'synced-without-ad-side'],
        ['cloud-xavier', 'synced-link-ambiguous'],
        ['cloud-zoe', 'synced-link-ambiguous'],
        ['cloud2-zoe.old', 'synced-link-ambiguous'],
      ],
    );
    const jon = whole.assignments.find((a) => a.name === 'jon');
    assert.deepEqual(jon?.linked, { directory: 'cloud', key: 'cloud-jon', name: 'jon@corp.example' });

    // pages of two identities, and the unresolved read two at a time
    const links: SyncedLinks = storeSyncedLinks(store(), snapshotIds, 2);
    const small = await pagedPlan({
      ...common,
      async *pages() {
        for (const snapshotId of snapshotIds) yield* streamIdentities(store(), { snapshotId, pageSize: 2 });
      },
      links,
    });
    assert.deepEqual(small, whole);
    const source = await campaignIdentityPages(store(), campaignId);
    assert.ok(source);
    const paged = await pagedPlan({ ...common, ...source });
    assert.equal(paged.contentHash, whole.contentHash);
    assert.deepEqual(paged, whole);
  });

  it('finds the links of the identities a store from before 0018 holds', async () => {
    const url = await factory.freshUrl();
    const db = await storeBeforeMigration(url, '0018');
    const { corp, cloud } = population();
    const ids: number[] = [];
    try {
      // rows as insertIdentities wrote them before 0018: linked_key for every identity with a link
      for (const identities of [corp, cloud]) {
        const [first] = identities;
        const snapshot = await db
          .insertInto('snapshots')
          .values({ directory: first!.directory, startedAt: at(0).toISOString(), finishedAt: at(1).toISOString() })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(Number(snapshot.id));
        await db
          .insertInto('identities')
          .values(
            identities.map((i) => ({
              snapshotId: snapshot.id,
              directory: i.directory,
              key: i.key,
              name: i.name,
              dn: i.dn ?? null,
              kind: i.kind,
              accountType: i.accountType,
              enabled: 1,
              privileged: i.privileged.length > 0 ? 1 : 0,
              department: i.department ?? null,
              site: null,
              linkedKey: i.linkedTo ? `${i.linkedTo.directory}:${i.linkedTo.key}` : null,
              data: JSON.stringify(i),
            })),
          )
          .execute();
      }
    } finally {
      await db.destroy();
    }
    const migrated = await openStore(url);
    try {
      assert.ok(migrated.migrationsApplied.includes('0018-identity-links'));
      const links = storeSyncedLinks(migrated, ids);
      const inMemory = syncedLinksIn([...corp, ...cloud]);
      assert.deepEqual(keys(await links.ambiguous()), ['cloud-xavier']);
      assert.deepEqual(keys(await links.sharedClaims()), []);
      assert.deepEqual(keys(await drain(links.unresolved())), keys(await drain(inMemory.unresolved())).sort());
      assert.deepEqual(keys(await links.linkedTo('corp', ['key-ana', 'key-zoe', 'key-xavier'])).sort(), [
        'cloud-ana',
        'cloud-zoe',
      ]);
      assert.deepEqual(
        keys(await links.linkedTo('branch', ['key-jon'])),
        ['cloud-jon'],
        'a link to a domain the store never discovered',
      );
    } finally {
      await migrated.close();
    }
  });
}
