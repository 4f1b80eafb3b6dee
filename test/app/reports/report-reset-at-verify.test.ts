// The report lists as missed the people the latest verification did not see changed, except those
// it found reset (Reclaim replaced the password after T0; contained, awaiting their owner). Who was
// reset comes from the run's findings in the store, a page of people at a time; a verify audit
// entry from before migration 0015 listed them itself (resetKeys) and is still read.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { verifyPlan } from '../../../src/app/campaign/verify-plan.ts';
import type { App } from '../../../src/app/create-app.ts';
import { collectReportData } from '../../../src/app/reports/collect-report-data.ts';
import { appendAudit } from '../../../src/store/audit/append-audit.ts';
import { verifyFindingPages } from '../../../src/store/verify/read-verify-findings.ts';
import {
  seedVerifyCampaign,
  verifyClassOf,
  verifyFixtureApp,
  verifyFixtureDir,
} from '../campaign/support/verify-fixture.ts';

const count = 200;
const people = Array.from({ length: count }, (_, i) => ({ i, c: verifyClassOf(i) }));
const names = (...classes: string[]) =>
  people
    .filter((p) => classes.includes(p.c))
    .map(({ i }) => `user${i}`)
    .sort();
let dir: string;
let app: App;
let campaignId: string;

before(async () => {
  dir = verifyFixtureDir();
  app = verifyFixtureApp(dir);
  campaignId = await seedVerifyCampaign(await app.store(), count);
});
after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reset at verify in the report', () => {
  it('does not list as missed the people the latest verification found reset', async () => {
    const verified = await verifyPlan(app, { campaignId, pageSize: 30 });
    assert.ok(verified.reset > 0);
    const data = await collectReportData(app, { campaignId });
    assert.equal(data.verification?.reset, verified.reset);
    const missed = new Set(data.missed.map((m) => m.name));
    // (the fixture's actions do not carry the report's idempotency keys: it sees the changed people
    // as not started, so only the people verify judged are compared here)
    for (const name of names('missed')) assert.ok(missed.has(name), `${name} is missed`);
    for (const name of names('reset')) assert.ok(!missed.has(name), `${name} is reset, not missed`);
  });

  it("deletes an earlier run's findings once the next one is recorded; the report reads the next one's", async () => {
    const store = await app.store();
    const rowsOf = async (runId: number) => {
      let n = 0;
      for (const kind of ['missed', 'reset'] as const)
        for await (const page of verifyFindingPages(store, runId, kind)) n += page.length;
      return n;
    };
    const first = await verifyPlan(app, { campaignId, pageSize: 30 });
    assert.equal(await rowsOf(first.runId), first.reset + first.missed, 'stored while it is the latest');
    const second = await verifyPlan(app, { campaignId, pageSize: 30 });
    assert.equal(await rowsOf(first.runId), 0, 'superseded');
    assert.equal(await rowsOf(second.runId), second.reset + second.missed);
    const data = await collectReportData(app, { campaignId });
    const missed = new Set(data.missed.map((m) => m.name));
    for (const name of names('reset')) assert.ok(!missed.has(name), `${name} is reset, not missed`);
  });

  it('reads the reset list of a verify audit entry from before the findings were stored', async () => {
    const [first, ...rest] = people.filter((p) => p.c === 'reset');
    await appendAudit(await app.store(), {
      actor: 'alice',
      action: 'verify',
      target: `campaign:${campaignId}`,
      source: 'cli',
      now: new Date('2026-11-26T11:00:00.000Z'),
      details: { checked: count, changed: 0, reset: 1, missed: 0, resetKeys: [`corp\ncorp-${first!.i}`] },
    });
    const data = await collectReportData(app, { campaignId });
    const listed = new Set(data.missed.map((m) => m.name));
    assert.ok(!listed.has(`user${first!.i}`), 'the one the old entry lists as reset');
    for (const p of rest) assert.ok(listed.has(`user${p.i}`), `user${p.i} is not in the old entry's list: missed`);
  });
});
