// Entra discovery with its reports spilled to the store's discovery scratch (as `reclaim discover`
// runs it) gives the same identities as with the in-memory default, over the same Graph requests,
// against the Graph emulator: registration details and last sign-ins joined page by page, a
// refused report left out on both, the scratch emptied after.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Identity } from '../../../src/core/identity.ts';
import { discoveryScratch, dropDiscoveryScratch } from '../../../src/store/identities/discovery-scratch.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

let lab: EntraLab;
let store: Store;
before(async () => {
  lab = await startEntraLab({ timeScale: 0.01 });
  // enough users for many report pages (100 a page) and user pages
  lab.emulator.control.seedUsers(
    Array.from({ length: 450 }, (_, i) => ({
      userPrincipalName: `scratch.user${i}@reclaimlab.onmicrosoft.com`,
      ...(i % 3 === 0 ? { methods: ['microsoftAuthenticatorPush'] } : {}),
    })),
  );
  store = await openStore('sqlite::memory:');
});
after(async () => {
  await store?.close();
  await lab?.stop();
});

const tuning = { reportsQuota: { requests: 5, windowMs: 100 }, signInActivity: { requests: 10, windowMs: 600 } };

/** every identity, by key, and the Graph requests the discovery sent */
async function discover(scratch?: ReturnType<typeof discoveryScratch>): Promise<{
  identities: Identity[];
  requests: string[];
}> {
  lab.emulator.control.clearRequestLog();
  const identities: Identity[] = [];
  for await (const page of lab
    .directory(['reclaim-privileged'], { tuning })
    .discover({ pageSize: 40, ...(scratch ? { scratch } : {}) }))
    identities.push(...page);
  const requests = lab.emulator.control
    .requestLog()
    .filter((e) => e.path !== '/token' && !e.path.endsWith('/oauth2/v2.0/token'))
    .map((e) => `${e.method} ${e.path}?${decodeURIComponent(e.query ?? '')} ${e.status}`)
    .sort();
  return { identities: identities.sort((a, b) => a.key.localeCompare(b.key)), requests };
}

async function scratchRows(snapshotId: number): Promise<Map<string, number>> {
  const rows = await store.db
    .selectFrom('discoveryScratch')
    .select('report')
    .where('snapshotId', '=', snapshotId)
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.report, (counts.get(row.report) ?? 0) + 1);
  return counts;
}

describe('Entra discovery through the store’s scratch', () => {
  it('gives the identities the in-memory join gives, over the same requests; the scratch is emptied after', async () => {
    const inMemory = await discover();
    const snapshotId = await startSnapshot(store, { directory: 'entra-lab', now: new Date() });
    const spilled = await discover(discoveryScratch(store, snapshotId));
    const users = lab.emulator.control.listUsers().length;
    assert.equal(spilled.identities.length, users);
    assert.deepEqual(spilled.identities, inMemory.identities);
    assert.deepEqual(spilled.requests, inMemory.requests, 'the same Graph requests, page for page');
    // the join is not vacuous: registrations and last sign-ins were read and joined
    const registered = spilled.identities.filter((i) => i.registration?.methods.includes('microsoftAuthenticatorPush'));
    assert.ok(registered.length >= 150, `${registered.length} registered users joined`);
    assert.ok(spilled.identities.filter((i) => i.lastLogonAt !== undefined).length === users);
    assert.deepEqual(
      await scratchRows(snapshotId),
      new Map([
        ['entra.registration', users],
        ['entra.lastSignIn', users],
      ]),
      'every entry waited in the store',
    );
    await dropDiscoveryScratch(store, snapshotId);
    assert.equal((await scratchRows(snapshotId)).size, 0);
  });

  it('a tenant without Entra ID P1: both leave registrations and last sign-ins unknown, nothing kept', async () => {
    lab.emulator.control.updateSettings({ licences: { p1: false, p2: false } });
    try {
      const inMemory = await discover();
      const snapshotId = await startSnapshot(store, { directory: 'entra-lab', now: new Date() });
      const spilled = await discover(discoveryScratch(store, snapshotId));
      assert.deepEqual(spilled.identities, inMemory.identities);
      assert.deepEqual(spilled.requests, inMemory.requests);
      assert.ok(spilled.identities.every((i) => i.registration === undefined && i.lastLogonAt === undefined));
      assert.equal((await scratchRows(snapshotId)).size, 0, 'a refused report leaves no entry behind');
    } finally {
      lab.emulator.control.updateSettings({ licences: { p1: true, p2: true } });
    }
  });
});
