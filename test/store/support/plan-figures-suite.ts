// The plan figures kept for the dashboard (src/store/plans/plan-figures.ts) on one store dialect:
// a saved version's stored figures equal those computed from its stored body (and the expected
// ones: helpdesk people only, once each, per wave); a figure changed around the writer is seen;
// saving the same body again writes nothing twice; a body that is no plan saves with no figures; a store whose plan versions predate the
// figures gets them when migrated (0008); verified helpdesk people are counted once each, only
// for the waves asked, only with a verified outcome.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordVerification } from '../../../src/store/helpdesk/record-verification.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import {
  countVerifiedHelpdeskPeople,
  planFiguresOfBody,
  readPlanHelpdeskPeople,
  readPlanWaveFigures,
} from '../../../src/store/plans/plan-figures.ts';
import { planVersionBody } from '../../../src/store/plans/read-plan-versions.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { aCampaign, at, t0 } from '../../contracts/store/store-fixtures.ts';
import { insertOldPlanVersions, storeBeforeMigration } from './store-before-migration.ts';

const person = (directory: string, key: string, treatment: string) => ({ directory, key, name: key, treatment });
/** wave 1: two helpdesk people and one not; wave 2: one helpdesk person, one listed again from wave 1, one not; wave 3: none */
const body = {
  format: 'reclaim-plan/1',
  waves: [
    {
      number: 1,
      label: 'W1',
      startAt: at(0).toISOString(),
      deadlineAt: at(3600).toISOString(),
      firstAssignment: 0,
      size: 3,
      forecast: { expectedCalls: 4 },
    },
    {
      number: 2,
      label: 'W2',
      startAt: at(600).toISOString(),
      deadlineAt: at(3600).toISOString(),
      firstAssignment: 3,
      size: 3,
      forecast: { expectedCalls: 2 },
    },
    {
      number: 3,
      label: 'W3',
      startAt: at(1200).toISOString(),
      deadlineAt: at(3600).toISOString(),
      firstAssignment: 6,
      size: 1,
      forecast: {},
    },
  ],
  assignments: [
    person('ad', 'a1', 'helpdeskReset'),
    person('ad', 'a2', 'requireChange'),
    person('cloud', 'c1', 'helpdeskReset'),
    person('ad', 'a3', 'helpdeskReset'),
    person('cloud', 'c1', 'helpdeskReset'),
    person('cloud', 'c2', 'disable'),
    person('ad', 'a4', 'requireChange'),
  ],
};
const expected = [
  { number: 1, startAt: at(0).toISOString(), expectedCalls: 4, helpdeskPeople: ['ad\na1', 'cloud\nc1'] },
  { number: 2, startAt: at(600).toISOString(), expectedCalls: 2, helpdeskPeople: ['ad\na3'] },
  { number: 3, startAt: at(1200).toISOString(), expectedCalls: null, helpdeskPeople: [] },
];

/** The stored figures of a version, in the shape planFiguresOfBody gives. */
async function storedFigures(store: Store, versionId: string) {
  const people = await readPlanHelpdeskPeople(store, versionId);
  return (await readPlanWaveFigures(store, versionId)).map((w) => {
    const listed = [...(people.get(w.number) ?? [])].sort();
    assert.equal(w.helpdeskPeople, listed.length, `wave ${w.number}: the count stored equals the people stored`);
    return { number: w.number, startAt: w.startAt, expectedCalls: w.expectedCalls, helpdeskPeople: listed };
  });
}

async function assertStoredEqualBody(store: Store, versionId: string): Promise<void> {
  const body = await planVersionBody(store, versionId);
  const computed = planFiguresOfBody(JSON.parse(body ?? 'null')).map((w) => ({
    ...w,
    helpdeskPeople: [...w.helpdeskPeople].sort(),
  }));
  assert.deepEqual(
    await storedFigures(store, versionId),
    computed,
    'the stored figures equal those computed from the stored body',
  );
}

export function planFiguresSuite(name: string, freshUrl: () => Promise<string>): void {
  describe(`plan figures (${name})`, () => {
    it(
      'are stored with a new version, equal to the figures of its body; a figure changed around the ' +
        'writer is seen; a second save writes nothing',
      async () => {
        const store = await openStore(await freshUrl());
        try {
          const campaignId = await aCampaign(store);
          assert.deepEqual(planFiguresOfBody(body), expected);
          const saved = await savePlanVersion(store, {
            planId: 'p1',
            campaignId,
            name: 'p1',
            body,
            createdBy: 'alice',
            now: t0,
          });
          assert.equal(saved.created, true);
          await assertStoredEqualBody(store, saved.versionId);
          assert.deepEqual(await storedFigures(store, saved.versionId), expected);
          const again = await savePlanVersion(store, {
            planId: 'p1',
            campaignId,
            name: 'p1',
            body,
            createdBy: 'alice',
            now: at(5),
          });
          assert.deepEqual(again, { versionId: saved.versionId, created: false });
          assert.deepEqual(await storedFigures(store, saved.versionId), expected);
          // Any body is stored (a draft, an older format): one that is no plan has no figures.
          const draft = await savePlanVersion(store, {
            planId: 'p1',
            campaignId,
            name: 'p1',
            body: { treatment: 'requireChange', waves: [{ size: 120, name: 'Finance' }] },
            createdBy: 'alice',
            now: at(6),
          });
          assert.deepEqual([draft.created, await storedFigures(store, draft.versionId)], [true, []]);
          // The check can fail: a stored person removed around the writer differs from the body.
          await store.db
            .deleteFrom('planHelpdeskPeople')
            .where('planVersionId', '=', saved.versionId)
            .where('identityKey', '=', 'a3')
            .execute();
          await assert.rejects(assertStoredEqualBody(store, saved.versionId), assert.AssertionError);
        } finally {
          await store.close();
        }
      },
    );

    it('count the verified helpdesk people of the waves asked, once each', async () => {
      const store = await openStore(await freshUrl());
      try {
        const campaignId = await aCampaign(store);
        const { versionId } = await savePlanVersion(store, {
          planId: 'p2',
          campaignId,
          name: 'p2',
          body,
          createdBy: 'alice',
          now: t0,
        });
        const verify = (directory: string, identityKey: string, outcome: 'verified' | 'refused' | 'inconclusive') =>
          recordVerification(store, {
            campaignId,
            directory,
            identityKey,
            method: 'video',
            evidence: 'badge',
            verifiedBy: 'hd',
            outcome,
            now: at(60),
          });
        await verify('ad', 'a1', 'verified');
        await verify('ad', 'a1', 'verified'); // twice: one person
        await verify('cloud', 'c1', 'refused'); // not verified
        await verify('ad', 'a2', 'verified'); // not a helpdesk person
        await verify('ad', 'a3', 'verified'); // wave 2
        const count = (waveNumbers: number[]) =>
          countVerifiedHelpdeskPeople(store, { campaignId, versionId, waveNumbers });
        assert.deepEqual([await count([]), await count([1]), await count([1, 2]), await count([3])], [0, 1, 2, 0]);
        await verify('cloud', 'c1', 'verified');
        assert.equal(await count([1, 2, 3]), 3);
        // Another campaign's verifications do not count.
        assert.equal(
          await countVerifiedHelpdeskPeople(store, {
            campaignId: await aCampaign(store),
            versionId,
            waveNumbers: [1, 2, 3],
          }),
          0,
        );
      } finally {
        await store.close();
      }
    });

    it('are computed for the plan versions already stored when a store from before them is migrated', async () => {
      const url = await freshUrl();
      const db = await storeBeforeMigration(url, '0008');
      const body2 = { ...body, waves: body.waves.slice(0, 1) };
      try {
        await insertOldPlanVersions(
          db,
          [
            ['v1', body],
            ['v2', body2],
          ],
          t0,
        );
      } finally {
        await db.destroy();
      }
      const store = await openStore(url);
      try {
        assert.deepEqual(
          store.migrationsApplied.slice(0, 1),
          ['0008-plan-figures'],
          'the store from before 0008 is migrated from 0008 on',
        );
        await assertStoredEqualBody(store, 'v1');
        assert.deepEqual(await storedFigures(store, 'v1'), expected);
        assert.deepEqual(await storedFigures(store, 'v2'), expected.slice(0, 1));
      } finally {
        await store.close();
      }
    });
  });
}
