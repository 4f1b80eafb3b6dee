// The store's assignment spill (store-plan-spill.ts, migration 0016), what `reclaim plan` plans
// from: buckets by tier then group in JavaScript string order with their counts and calls summed
// in order of arrival, each bucket's members in that order across pages, the rows of one run
// invisible to another, deleted by `close`, and those of a run that stopped beating deleted by
// the next run that opens a spill. Everything asserted on rows read back from the database.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { krbtgtTier, type SpillEntry } from '../../../src/core/planning/assignment-spill.ts';
import type { SegmentAssignment } from '../../../src/core/segmentation/segment-identities.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { openPlanSpill, spillStaleAfterMs, type StorePlanSpill } from '../../../src/store/plans/store-plan-spill.ts';
import { t0 } from './store-fixtures.ts';

function anAssignment(name: string, group: string): SegmentAssignment {
  return {
    directory: 'corp',
    key: `key-${name}`,
    name,
    dn: name === 'nodn' ? null : `CN=${name},DC=corp,DC=example`,
    kind: 'ad',
    segment: 'onsite',
    treatment: 'requireChange',
    why: null,
    ruleId: 'default',
    rule: 'everyone else',
    linked: name === 'linked' ? { directory: 'cloud', key: 'cloud-linked', name: 'linked@corp.example' } : null,
    ssprRegistered: true,
    mfaRegistered: false,
    group,
    owner: null,
    compromised: false,
    wave: 0,
  };
}

const entry = (tier: number, group: string, name: string, calls = 0.1): SpillEntry => ({
  tier,
  group,
  calls,
  assignment: anAssignment(name, group),
});

async function rowsOf(store: Store, runId: string): Promise<number> {
  const row = await store.db
    .selectFrom('planSpill')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('runId', '=', runId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function membersOf(spill: StorePlanSpill, tier: number, group: string): Promise<string[][]> {
  const bucket = spill.buckets().find((b) => b.tier === tier && b.group === group);
  assert.ok(bucket, `a bucket (${tier}, ${group})`);
  const pages: string[][] = [];
  for await (const page of spill.members(bucket)) pages.push(page.map((a) => a.name));
  return pages;
}

export function planSpillContract(store: () => Store): void {
  it('gives the buckets in order with their tallies, and each bucket in order of arrival, in pages', async () => {
    const spill = await openPlanSpill(store(), { now: () => t0, pageSize: 2 });
    try {
      // 'Z' < 'a' < 'é' < '😀' in JavaScript's order (UTF-16 code units)
      await spill.add([entry(3, 'a', 'a1'), entry(3, 'Z', 'z1', 0.3), entry(0, 'a', 'root'), entry(3, 'a', 'a2')]);
      await spill.add([
        entry(3, '😀', 'emoji'),
        entry(3, 'é', 'e1'),
        entry(3, 'a', 'a3'),
        entry(krbtgtTier, '', 'krb'),
      ]);
      await spill.add([entry(3, 'a', 'nodn'), entry(3, 'Z', 'linked', 0.2)]);
      assert.deepEqual(
        spill.buckets().map((b) => [b.tier, b.group, b.members]),
        [
          [0, 'a', 1],
          [3, 'Z', 2],
          [3, 'a', 4],
          [3, 'é', 1],
          [3, '😀', 1],
          [krbtgtTier, '', 1],
        ],
      );
      assert.equal(spill.buckets()[1]?.expectedCalls, 0.3 + 0.2);
      assert.deepEqual(await membersOf(spill, 3, 'a'), [
        ['a1', 'a2'],
        ['a3', 'nodn'],
      ]);
      assert.deepEqual(await membersOf(spill, 3, 'Z'), [['z1', 'linked']]);
      // an assignment comes back as it went in (nulls and the linked side included)
      const read: SegmentAssignment[] = [];
      for await (const page of spill.members(spill.buckets()[1]!)) read.push(...page);
      const linked = read[1];
      assert.deepEqual(linked, anAssignment('linked', 'Z'));
      assert.equal(await rowsOf(store(), spill.runId), 10);
    } finally {
      await spill.close();
    }
    assert.equal(await rowsOf(store(), spill.runId), 0, 'closing deletes the rows');
  });

  it('keeps two runs apart, and the next run deletes the rows of a run that stopped', async () => {
    const crashed = await openPlanSpill(store(), { now: () => t0 });
    await crashed.add([entry(3, 'a', 'lost1'), entry(3, 'a', 'lost2')]);
    const later = (minutes: number) => () => new Date(t0.getTime() + minutes * 60_000);
    const live = await openPlanSpill(store(), { now: later(10) });
    await live.add([entry(3, 'a', 'mine')]);
    assert.deepEqual(await membersOf(live, 3, 'a'), [['mine']], 'another run sees only its rows');
    assert.equal(await rowsOf(store(), crashed.runId), 2, 'a run beating recently is left alone');
    const next = await openPlanSpill(store(), { now: later(spillStaleAfterMs / 60_000 + 1) });
    try {
      assert.equal(await rowsOf(store(), crashed.runId), 0, 'the stopped run is cleared');
      assert.equal(await rowsOf(store(), live.runId), 1, 'the run that beat 6 minutes ago is kept');
      const runs = await store().db.selectFrom('planSpillRuns').select('runId').execute();
      assert.ok(!runs.some((r) => r.runId === crashed.runId));
    } finally {
      await next.close();
      await live.close();
    }
    assert.equal(await rowsOf(store(), live.runId), 0);
  });
}
