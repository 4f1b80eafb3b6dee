// The helpdesk's people search on every store: a name prefix, case-insensitive, with `_`, `%` and
// `\` meaning themselves (before, SQLite never found a name with `_` and PostgreSQL minded case).
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { searchIdentities } from '../../../src/store/identities/search-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { anIdentity, at } from './store-fixtures.ts';

const names = [
  'svc_backup',
  'svcXbackup',
  'svc-backup',
  'sales%team',
  'salesXteam',
  'sales',
  'Anna.Smith',
  'anna.jones',
  'back\\slash',
  'backXslash',
];

export function identitySearchContract(store: () => Store): void {
  let snapshotIds: number[] = [];
  before(async () => {
    const snapshotId = await startSnapshot(store(), { directory: 'corp-ad', now: at(0) });
    await insertIdentities(
      store(),
      snapshotId,
      names.map((name, i) => anIdentity(i, { name })),
    );
    await finishSnapshot(store(), { snapshotId, now: at(1) });
    snapshotIds = [snapshotId];
  });
  const found = async (prefix: string) =>
    (await searchIdentities(store(), { snapshotIds, prefix, limit: 25 })).map((r) => r.name).sort();

  it('takes `_` literally: finds svc_backup, not svcXbackup', async () => {
    assert.deepEqual(await found('svc_'), ['svc_backup']);
    assert.deepEqual(await found('svc_backup'), ['svc_backup']);
  });

  it('takes `%` literally: finds sales%team, not salesXteam or sales', async () => {
    assert.deepEqual(await found('sales%'), ['sales%team']);
  });

  it('takes `\\` literally', async () => {
    assert.deepEqual(await found('back\\'), ['back\\slash']);
  });

  it('ignores case, both ways', async () => {
    assert.deepEqual(await found('anna.'), ['Anna.Smith', 'anna.jones']);
    assert.deepEqual(await found('ANNA.S'), ['Anna.Smith']);
  });

  it('matches a prefix only, in name order, within the limit and the given snapshots', async () => {
    assert.deepEqual(await found('backup'), []);
    const limited = await searchIdentities(store(), { snapshotIds, prefix: 'sa', limit: 2 });
    assert.deepEqual(
      limited.map((r) => r.name),
      ['sales', 'sales%team'],
    );
    assert.deepEqual(await searchIdentities(store(), { snapshotIds: [], prefix: 'sa', limit: 25 }), []);
    assert.deepEqual(
      await searchIdentities(store(), { snapshotIds: [snapshotIds[0]! + 1000], prefix: 'sa', limit: 25 }),
      [],
    );
  });

  it('returns the row as the console shows it', async () => {
    const [row] = await searchIdentities(store(), { snapshotIds, prefix: 'svc_', limit: 25 });
    assert.deepEqual(row, {
      directory: 'corp-ad',
      key: anIdentity(0).key,
      name: 'svc_backup',
      displayName: null,
      enabled: false,
      privileged: true,
      department: 'Finance',
    });
  });
}
