// Several workers on one campaign over PostgreSQL (claims with FOR UPDATE SKIP LOCKED): every
// action is applied exactly once, and the work is shared. A fresh database for this file.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runActions } from '../../src/engine/run-actions.ts';
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';
import { MemoryDirectory } from './support/a-memory-directory.ts';
import {
  anEngineFixture,
  fastRun,
  planActions,
  runDeps,
  statesOf,
  type EngineFixture,
} from './support/engine-fixture.ts';

let fixture: EngineFixture;
// registered before the helper's own after hook, so the store closes before its database is dropped
after(async () => fixture?.close());
const freshPostgres = freshPostgresDatabases('engine');

before(async () => {
  fixture = await anEngineFixture({ storeUrl: await freshPostgres() });
});

describe('workers on PostgreSQL', () => {
  it('three workers share a wave; each action is applied exactly once', async () => {
    const ad = new MemoryDirectory('corp-ad').withUsers(300);
    ad.latencyMs = 3;
    await planActions(fixture, ad, 'requireChange');
    const limits = { 'corp-ad': { concurrency: 4, ratePerSecond: Infinity, burst: 1 } };
    const summaries = await Promise.all(
      ['w1', 'w2', 'w3'].map((owner) =>
        runActions(runDeps(fixture, [ad], { owner }), { campaignId: fixture.campaignId, limits, ...fastRun }),
      ),
    );
    assert.equal(
      summaries.reduce((n, s) => n + s.applied, 0),
      300,
    );
    assert.ok(
      summaries.filter((s) => s.applied > 0).length >= 2,
      `the work was shared: ${summaries.map((s) => s.applied).join(', ')}`,
    );
    assert.deepEqual(await statesOf(fixture.store, fixture.campaignId), { applied: 300 });
    for (const user of ad.users.values()) assert.equal(ad.writesTo(user.key).length, 1, `${user.name} written once`);
  });
});
