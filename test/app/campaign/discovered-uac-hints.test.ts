// The discovered userAccountControl given to AD requireChange actions (the one-round-trip hint),
// read from a real SQLite store's snapshot: only ordinary users whose name matches, never krbtgt.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestSnapshots } from '../../../src/app/campaign/campaign-identities.ts';
import { withDiscoveredUac } from '../../../src/app/campaign/discovered-uac-hints.ts';
import type { NewAction } from '../../../src/store/actions/insert-actions.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { anIdentity } from '../../core/support/an-identity.ts';

describe('withDiscoveredUac', () => {
  it('hints requireChange on discovered users only: not krbtgt, not a renamed action, not other kinds or unknown keys', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const now = new Date('2026-11-26T09:00:00.000Z');
      await createCampaign(store, { id: 'c1', name: 'c1', createdBy: 'alice', now });
      const snapshotId = await startSnapshot(store, { directory: 'corp', campaignId: 'c1', now });
      await insertIdentities(store, snapshotId, [
        anIdentity({ name: 'alice', userAccountControl: 66048 }),
        anIdentity({ name: 'bob', userAccountControl: 512 }),
        anIdentity({ name: 'krbtgt', accountType: 'krbtgt', userAccountControl: 514 }),
      ]);
      await finishSnapshot(store, { snapshotId, now });
      const action = (name: string, kind = 'requireChange', key = `key-${name}`): NewAction => ({
        campaignId: 'c1',
        directory: 'corp',
        identityKey: key,
        identityName: name,
        kind,
        idempotencyKey: `${kind}/${key}`,
      });
      const actions = await withDiscoveredUac(store, await latestSnapshots(store, 'c1'), [
        action('alice'),
        action('bob', 'disable'),
        action('krbtgt'),
        action('mallory', 'requireChange', 'key-bob'),
        action('carol'),
      ]);
      assert.deepEqual(
        actions.map((a) => [a.identityName, a.params?.expectedUserAccountControl ?? null]),
        [
          ['alice', 66048],
          ['bob', null],
          ['krbtgt', null],
          ['mallory', null],
          ['carol', null],
        ],
      );
    } finally {
      await store.close();
    }
  });
});
