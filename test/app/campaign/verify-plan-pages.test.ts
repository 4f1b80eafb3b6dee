// `reclaim verify` reads the plan in pages (issue 17: memory flat in the number of identities):
// a plan of many more assignments than a page, verified in pages of 20 that cut across waves, gives
// the outcome the classes of the fixture dictate, and the store shows exactly the actions of the
// people verified marked verified, each with its journal entry, whatever page they were in.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { App } from '../../../src/app/create-app.ts';
import { verifyPlan } from '../../../src/app/campaign/verify-plan.ts';
import { verifyListed } from '../../support/verify-listed.ts';
import { countActions } from '../../../src/store/actions/count-actions.ts';
import { latestAuditEntryFor } from '../../../src/store/audit/audit-entries-for.ts';
import { seedVerifyCampaign, verifyClassOf, verifyFixtureApp, verifyFixtureDir } from './support/verify-fixture.ts';

const count = 250; // 4 waves of 63, 63, 63 and 61; pages of 20
const people = Array.from({ length: count }, (_, i) => ({ i, wave: Math.floor(i / 63) + 1, c: verifyClassOf(i) }));
let dir: string;
let app: App;
let campaignId: string;

/** `directory:key` of every action in `state` */
async function actionsIn(state: string): Promise<string[]> {
  const rows = await (await app.store()).db
    .selectFrom('actions')
    .select(['directory', 'identityKey'])
    .where('campaignId', '=', campaignId)
    .where('state', '=', state as 'verified')
    .execute();
  return rows.map((r) => `${r.directory}:${r.identityKey}`).sort();
}

/** the actions verify marks: every side the engine treated of the people who changed on every required side */
function verifiedSides(waves?: number[]): string[] {
  return people
    .filter((p) => !waves || waves.includes(p.wave))
    .flatMap(({ i, c }) =>
      c === 'changed' || c === 'governed'
        ? [`corp:corp-${i}`]
        : c === 'hybrid'
          ? [`corp:corp-${i}`, `cloud:cloud-${i}`]
          : [],
    )
    .sort();
}

before(async () => {
  dir = verifyFixtureDir();
  app = verifyFixtureApp(dir);
  campaignId = await seedVerifyCampaign(await app.store(), count);
});
after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify in pages', () => {
  it('verifies one wave across its pages and marks only its people', async () => {
    const result = await verifyPlan(app, { campaignId, waves: [2], pageSize: 20 });
    assert.equal(result.checked, 63);
    // the answer holds counts and the run's id: who was missed or reset stays in the store
    assert.ok(!JSON.stringify(result).includes('['), `no list in ${JSON.stringify(result)}`);
    assert.equal(typeof result.missed, 'number');
    assert.equal(typeof result.reset, 'number');
    assert.deepEqual(await actionsIn('verified'), verifiedSides([2]));
  });

  it('verifies the whole plan across pages and waves, marking every person verified in the store', async () => {
    const progress: Array<[number, number]> = [];
    const result = await verifyListed(app, {
      campaignId,
      pageSize: 20,
      onProgress: (done, total) => progress.push([done, total]),
    });
    const of = (...classes: string[]) => people.filter((p) => classes.includes(p.c));
    assert.deepEqual(progress.at(-1), [count, count]);
    assert.equal(result.checked, count);
    assert.equal(result.changed, of('changed', 'hybrid', 'governed').length);
    assert.deepEqual(
      result.reset.map((r) => r.key).sort(),
      of('reset')
        .map(({ i }) => `corp-${i}`)
        .sort(),
    );
    const order = (a: { wave: number; directory: string; identity: string }, b: typeof a) =>
      a.wave - b.wave || a.directory.localeCompare(b.directory) || a.identity.localeCompare(b.identity);
    assert.deepEqual(result.missed, [...result.missed].sort(order), 'read back in the order verify always listed them');
    assert.deepEqual(result.reset, [...result.reset].sort(order));
    const missed = new Map(result.missed.map((m) => [m.key, m.reason]));
    assert.deepEqual(
      [...missed.keys()].sort(),
      [...of('missed', 'manual').map(({ i }) => `corp-${i}`), ...of('cloudLag').map(({ i }) => `cloud-${i}`)].sort(),
    );
    for (const { i } of of('cloudLag')) assert.match(missed.get(`cloud-${i}`)!, /^changed in AD, not yet in the cloud/);
    for (const { i } of of('manual')) assert.match(missed.get(`corp-${i}`)!, /privileged-reset task not opened/);

    const verified = await actionsIn('verified');
    assert.deepEqual(verified, verifiedSides(), 'exactly the people verified, from every page');
    assert.deepEqual(
      await actionsIn('applied'),
      of('missed', 'reset', 'cloudLag')
        .flatMap(({ i, c }) => (c === 'cloudLag' ? [`corp:corp-${i}`, `cloud:cloud-${i}`] : [`corp:corp-${i}`]))
        .sort(),
      'the people not verified keep their actions applied',
    );
    const journal = await (await app.store()).db
      .selectFrom('journalEvents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('campaignId', '=', campaignId)
      .where('event', '=', 'verify')
      .executeTakeFirstOrThrow();
    assert.equal(Number(journal.n), verified.length, 'one journal entry per action verified');
    assert.equal((await countActions(await app.store(), { campaignId })).verified, verified.length);
    // the audit entry commits to who was reset (a digest over them in the listed order), not the list
    const audit = await latestAuditEntryFor(await app.store(), { action: 'verify', target: `campaign:${campaignId}` });
    const details = audit?.details as Record<string, unknown>;
    assert.equal(details.runId, result.runId);
    assert.equal(details.resetKeys, undefined);
    assert.deepEqual(
      [details.checked, details.changed, details.reset, details.missed],
      [count, result.changed, result.reset.length, result.missed.length],
    );
    const digest = createHash('sha256');
    for (const r of result.reset) digest.update(`${r.directory}\n${r.key}\n`);
    assert.equal(details.resetDigest, digest.digest('hex'));
  });
});
