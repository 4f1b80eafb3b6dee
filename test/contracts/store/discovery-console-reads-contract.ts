// The store's reads of discovered identities (each directory's latest finished snapshot of a
// campaign, one identity, a batch of AD identities), of an operator by id, the CSRF hash of a
// session, and the count of a campaign's notices, asserted on what they read back.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { latestSnapshots, readAdIdentities, readIdentity } from '../../../src/store/identities/read-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { countNotices } from '../../../src/store/notices/list-notices.ts';
import { markNoticeFailed, markNoticeSent } from '../../../src/store/notices/mark-notice.ts';
import { reserveNotice } from '../../../src/store/notices/reserve-notice.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { createOperator, findOperatorById } from '../../../src/store/operators/create-operator.ts';
import {
  createSession,
  findLiveSession,
  setSessionCsrfTokenHash,
} from '../../../src/store/operators/operator-sessions.ts';
import { aCampaign, anIdentity, at } from './store-fixtures.ts';

export function discoveryConsoleReadsContract(store: () => Store): void {
  it("reads each directory's latest finished snapshot of a campaign, one identity, and AD identities by key", async () => {
    const campaignId = await aCampaign(store());
    assert.equal((await latestSnapshots(store(), campaignId)).size, 0);
    const snapshot = async (directory: string, identities: ReturnType<typeof anIdentity>[], finish: boolean) => {
      const id = await startSnapshot(store(), { directory, campaignId, now: at(0) });
      await insertIdentities(store(), id, identities);
      if (finish) await finishSnapshot(store(), { snapshotId: id, now: at(1) });
      return id;
    };
    await snapshot('corp-ad', [anIdentity(1)], true);
    const latestAd = await snapshot(
      'corp-ad',
      [anIdentity(1), anIdentity(2), anIdentity(3, { kind: 'entra', directory: 'corp-ad' })],
      true,
    );
    const entra = await snapshot('corp-entra', [anIdentity(4, { kind: 'entra', directory: 'corp-entra' })], true);
    await snapshot('corp-entra', [], false);
    await snapshot('corp-ad', [anIdentity(5)], false);
    assert.deepEqual(
      [...(await latestSnapshots(store(), campaignId))].sort(),
      [
        ['corp-ad', latestAd],
        ['corp-entra', entra],
      ],
      'an unfinished snapshot never wins',
    );

    assert.deepEqual(await readIdentity(store(), latestAd, anIdentity(2).key), anIdentity(2));
    assert.equal(await readIdentity(store(), latestAd, anIdentity(5).key), undefined);
    assert.equal(await readIdentity(store(), entra, anIdentity(2).key), undefined);

    const found = await readAdIdentities(store(), latestAd, [
      anIdentity(1).key,
      anIdentity(3).key,
      anIdentity(2).key,
      'no-such-key',
    ]);
    assert.deepEqual(
      [...found.keys()].sort(),
      [anIdentity(1).key, anIdentity(2).key],
      'only AD identities, only the keys asked for',
    );
    assert.deepEqual(found.get(anIdentity(1).key), anIdentity(1));
    assert.equal((await readAdIdentities(store(), latestAd, [])).size, 0);
  });

  it('reads an operator by id, and records the CSRF hash of a session', async () => {
    const operator = await createOperator(store(), {
      username: `reader-${process.pid}`,
      displayName: 'Rita',
      role: 'operator',
      passwordHash: 'h',
      now: at(0),
    });
    const read = await findOperatorById(store(), operator.id);
    assert.deepEqual([read?.username, read?.displayName, read?.role], [`reader-${process.pid}`, 'Rita', 'operator']);
    assert.equal(await findOperatorById(store(), 'no-such-operator'), undefined);

    await createSession(store(), {
      idHash: `s-${operator.id}`,
      operatorId: operator.id,
      csrfTokenHash: 'old',
      ttlMs: 60_000,
      now: at(0),
    });
    await setSessionCsrfTokenHash(store(), `s-${operator.id}`, 'new');
    assert.equal((await findLiveSession(store(), `s-${operator.id}`, at(1)))?.csrfTokenHash, 'new');
  });

  it("counts a campaign's notices per kind and state", async () => {
    const campaignId = await aCampaign(store());
    const reserve = (key: string, kind: 'announcement' | 'reminder') =>
      reserveNotice(store(), {
        campaignId,
        waveId: null,
        directory: 'corp-ad',
        identityKey: key,
        kind,
        channel: 'corporate',
        recipient: `${key}@corp.example`,
        idempotencyKey: `${campaignId}/${kind}/${key}`,
        at: at(0).toISOString(),
      });
    const a = await reserve('k1', 'announcement');
    await reserve('k2', 'announcement');
    const c = await reserve('k3', 'reminder');
    await reserve('k4', 'reminder');
    await markNoticeSent(store(), a.id, at(1).toISOString());
    await markNoticeFailed(store(), c.id, 'NOTICE_NO_RECIPIENT');
    assert.deepEqual(await countNotices(store(), campaignId), {
      announcement: { reserved: 1, sent: 1 },
      reminder: { failed: 1, reserved: 1 },
    });
    assert.deepEqual(await countNotices(store(), await aCampaign(store())), {});
  });
}
