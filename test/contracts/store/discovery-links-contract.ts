// Discovery without per-person memory, on both dialects: Entra users linked to their AD objects by
// asking the store (the objectGUID is the AD identity's key, the SID the `sid` column), with the
// same outcomes the whole-directory maps gave (GUID preferred, SID fallback, ambiguity with both
// candidates, a synced user whose AD side was not discovered, several AD directories, the count);
// and the scratch the Entra reports wait in, emptied when discovery ends or its snapshot goes.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { linkSyncedUsers, type AdSnapshot } from '../../../src/app/campaign/link-synced-users.ts';
import type { Identity } from '../../../src/core/identity.ts';
import { encodeGuid } from '../../../src/directories/ad/sid.ts';
import { discardSnapshot } from '../../../src/store/identities/discard-snapshot.ts';
import { discoveryScratch, dropDiscoveryScratch } from '../../../src/store/identities/discovery-scratch.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { anIdentity } from '../../core/support/an-identity.ts';
import { t0 } from './store-fixtures.ts';

const guid = (n: number) => `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`;
const immutableIdOf = (g: string) => Buffer.from(encodeGuid(g)).toString('base64');
const sid = (rid: number, domain = 1) => `S-1-5-21-100-200-${300 + domain}-${rid}`;

const anAdUser = (directory: string, n: number, domain = 1): Identity =>
  anIdentity({ name: `${directory}-u${n}`, directory, key: guid(n), sid: sid(1000 + n, domain) });

const anEntraUser = (name: string, anchors: Partial<Identity>): Identity =>
  anIdentity({ name, kind: 'entra', directory: 'cloud', key: `cloud-${name}`, ...anchors });

async function adSnapshot(store: Store, directory: string, users: Identity[]): Promise<AdSnapshot> {
  const snapshotId = await startSnapshot(store, { directory, now: t0 });
  await insertIdentities(store, snapshotId, users);
  return { directory, snapshotId };
}

export function discoveryLinksContract(store: () => Store): void {
  it('stores an identity’s SID upper-cased in its own column', async () => {
    const s = store();
    const { snapshotId } = await adSnapshot(s, 'corp', [
      anIdentity({ name: 'lower', key: guid(1), sid: 's-1-5-21-1-2-3-1001' }),
      anIdentity({ name: 'none', key: guid(2) }),
    ]);
    const rows = await s.db
      .selectFrom('identities')
      .select(['name', 'sid'])
      .where('snapshotId', '=', snapshotId)
      .orderBy('name')
      .execute();
    assert.deepEqual(rows, [
      { name: 'lower', sid: 'S-1-5-21-1-2-3-1001' },
      { name: 'none', sid: null },
    ]);
  });

  it('links by objectGUID first, by SID when the anchor is another attribute, and never guesses', async () => {
    const s = store();
    const corp = await adSnapshot(
      s,
      'corp',
      [1, 2, 3, 4, 5].map((n) => anAdUser('corp', n)),
    );
    // an AD identity that is not keyed by a GUID is found by its SID only
    const odd = anIdentity({ name: 'odd', directory: 'corp', key: 'not-a-guid', sid: sid(1099) });
    await insertIdentities(s, corp.snapshotId, [odd]);
    const page = [
      anEntraUser('both', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: immutableIdOf(guid(1)),
        onPremisesSecurityIdentifier: sid(1001),
      }),
      anEntraUser('by.guid', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: immutableIdOf(guid(2)),
        onPremisesSecurityIdentifier: sid(4242, 9),
      }),
      anEntraUser('by.sid', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: Buffer.from('EMP-000003').toString('base64'),
        onPremisesSecurityIdentifier: sid(1003).toLowerCase(),
      }),
      anEntraUser('two.anchors', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: immutableIdOf(guid(4)),
        onPremisesSecurityIdentifier: sid(1005),
      }),
      anEntraUser('odd.sid', { onPremisesSyncEnabled: true, onPremisesSecurityIdentifier: sid(1099) }),
      // no longer synced, its anchors still name an AD object: linked (as before)
      anEntraUser('was.synced', { onPremisesSyncEnabled: false, onPremisesImmutableId: immutableIdOf(guid(5)) }),
      anEntraUser('elsewhere', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: immutableIdOf(guid(77)),
        onPremisesSecurityIdentifier: sid(7777, 9),
      }),
      anEntraUser('elsewhere.by.sid', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: Buffer.from('EMP-000088').toString('base64'),
        onPremisesSecurityIdentifier: sid(8888, 9),
      }),
      anEntraUser('gone.unsynced', { onPremisesSyncEnabled: false, onPremisesImmutableId: immutableIdOf(guid(66)) }),
      anEntraUser('cloud.only', {}),
    ];
    const linked = await linkSyncedUsers(s, [corp], page);
    const by = (name: string) => page.find((u) => u.name === name)!;
    assert.equal(linked, 5, 'both, by.guid, by.sid, odd.sid and was.synced; two.anchors is not');
    assert.deepEqual(by('both').linkedTo, { directory: 'corp', key: guid(1) });
    assert.deepEqual(by('by.guid').linkedTo, { directory: 'corp', key: guid(2) });
    assert.deepEqual(by('by.sid').linkedTo, { directory: 'corp', key: guid(3) });
    assert.deepEqual(by('odd.sid').linkedTo, { directory: 'corp', key: 'not-a-guid' });
    assert.deepEqual(by('was.synced').linkedTo, { directory: 'corp', key: guid(5) });
    assert.equal(by('two.anchors').linkedTo, undefined);
    assert.deepEqual(by('two.anchors').linkAmbiguous, {
      reason:
        `its onPremisesImmutableId names corp:${guid(4)} but its ` +
        `onPremisesSecurityIdentifier names corp:${guid(5)}`,
      candidates: [
        { directory: 'corp', key: guid(4) },
        { directory: 'corp', key: guid(5) },
      ],
    });
    // synced from an AD object that was not discovered: tied to the object it names, not linked
    assert.deepEqual(by('elsewhere').linkedTo, { directory: 'corp', key: guid(77) });
    assert.deepEqual(by('elsewhere.by.sid').linkedTo, { directory: 'corp', key: sid(8888, 9) });
    assert.equal(by('gone.unsynced').linkedTo, undefined);
    assert.equal(by('cloud.only').linkedTo, undefined);
    assert.equal(by('cloud.only').linkAmbiguous, undefined);
  });

  it('looks across every AD directory of the run, and only those', async () => {
    const s = store();
    // an earlier run's snapshot of the same directory: not this run's, never linked to
    const earlier = await adSnapshot(s, 'corp', [anAdUser('corp', 30)]);
    const corp = await adSnapshot(s, 'corp', [anAdUser('corp', 31)]);
    const emea = await adSnapshot(s, 'emea', [anAdUser('emea', 32, 2)]);
    assert.ok(earlier.snapshotId < corp.snapshotId);
    const page = [
      anEntraUser('in.corp', { onPremisesSyncEnabled: true, onPremisesImmutableId: immutableIdOf(guid(31)) }),
      anEntraUser('in.emea', { onPremisesSyncEnabled: true, onPremisesSecurityIdentifier: sid(1032, 2) }),
      anEntraUser('across', {
        onPremisesSyncEnabled: true,
        onPremisesImmutableId: immutableIdOf(guid(31)),
        onPremisesSecurityIdentifier: sid(1032, 2),
      }),
      anEntraUser('earlier.only', { onPremisesSyncEnabled: true, onPremisesImmutableId: immutableIdOf(guid(30)) }),
    ];
    const linked = await linkSyncedUsers(s, [corp, emea], page);
    const by = (name: string) => page.find((u) => u.name === name)!;
    assert.equal(linked, 2);
    assert.deepEqual(by('in.corp').linkedTo, { directory: 'corp', key: guid(31) });
    assert.deepEqual(by('in.emea').linkedTo, { directory: 'emea', key: guid(32) });
    assert.deepEqual(by('across').linkAmbiguous?.candidates, [
      { directory: 'corp', key: guid(31) },
      { directory: 'emea', key: guid(32) },
    ]);
    // not discovered in this run: tied to the first AD directory (unmanageable in planning)
    assert.deepEqual(by('earlier.only').linkedTo, { directory: 'corp', key: guid(30) });
    const none = anEntraUser('no.ad', { onPremisesSyncEnabled: true, onPremisesImmutableId: immutableIdOf(guid(31)) });
    assert.equal(await linkSyncedUsers(s, [], [none]), 0);
    assert.deepEqual(none.linkedTo, { directory: 'on-premises', key: guid(31) });
  });

  it('keeps report entries per snapshot and report, the later value of a key, until dropped', async () => {
    const s = store();
    const one = await startSnapshot(s, { directory: 'cloud', now: t0 });
    const two = await startSnapshot(s, { directory: 'cloud', now: t0 });
    const a = discoveryScratch(s, one);
    const b = discoveryScratch(s, two);
    const many = new Map(Array.from({ length: 1203 }, (_, i) => [`user-${i}`, JSON.stringify({ n: i })]));
    await a.put('registration', many);
    await a.put('registration', new Map([['user-7', '"later"']]));
    await a.put('lastSignIn', new Map([['user-7', 'null']]));
    await b.put('registration', new Map([['user-7', '"other discovery"']]));
    const keys = ['user-7', 'user-1202', 'user-0', 'nobody', 'user-7'];
    assert.deepEqual(
      await a.get('registration', keys),
      new Map([
        ['user-7', '"later"'],
        ['user-1202', '{"n":1202}'],
        ['user-0', '{"n":0}'],
      ]),
    );
    const all = await a.get(
      'registration',
      [...many.keys()].map((k) => k),
    );
    assert.equal(all.size, 1203, 'asked in chunks, all found');
    assert.deepEqual(await a.get('lastSignIn', keys), new Map([['user-7', 'null']]));
    assert.deepEqual(await b.get('registration', ['user-7']), new Map([['user-7', '"other discovery"']]));

    await a.drop('registration');
    assert.equal((await a.get('registration', keys)).size, 0, 'a dropped report');
    assert.equal((await a.get('lastSignIn', keys)).size, 1, 'the other report stays');
    await dropDiscoveryScratch(s, one);
    assert.equal(await scratchRows(s, one), 0);
    assert.equal(await scratchRows(s, two), 1, 'another discovery’s entries stay');
    // a failed discovery discards its snapshot: its scratch goes with it
    await discardSnapshot(s, two);
    assert.equal(await scratchRows(s, two), 0);
  });
}

async function scratchRows(store: Store, snapshotId: number): Promise<number> {
  const rows = await store.db
    .selectFrom('discoveryScratch')
    .select('entryKey')
    .where('snapshotId', '=', snapshotId)
    .execute();
  return rows.length;
}
