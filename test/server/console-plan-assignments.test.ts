// The console pages the people of a plan version from its assignment rows, never from its body:
// following `next` from the first page reads every person once, in the plan's order, across page
// boundaries; one wave's pages stay in the wave; a reviewer keeps paging the version they started
// with after a newer one is saved; bad paging input is refused with its name. The plan review
// itself still reads back (its operations come from the same pages).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sessionCookie } from '../../src/server/create-console-server.ts';
import { savePlanVersion } from '../../src/store/plans/save-plan-version.ts';
import { startConsoleFixture, type ConsoleFixture } from './support/console-fixture.ts';

let f: ConsoleFixture;
before(async () => {
  f = await startConsoleFixture();
});
after(async () => f.close());

interface Page {
  versionId: string;
  wave: number | null;
  total: number;
  from: number;
  next: number | null;
  assignments: Array<{ ordinal: number; wave: number; key: string; name: string; treatment: string }>;
}

/** 7 people: wave 1 holds the first 3, wave 2 the other 4. */
const people = Array.from({ length: 7 }, (_, i) => ({
  directory: 'cloud',
  key: `p-${i}`,
  name: `person ${i}`,
  segment: 'cloudOnly',
  treatment: 'cloudForceChange',
  group: i < 3 ? 'Sales' : 'Ops',
  linked: null,
  wave: i < 3 ? 1 : 2,
}));
const body = (label: string) => ({
  waves: [
    { number: 1, label: `${label} 1`, firstAssignment: 0, size: 3 },
    { number: 2, label: `${label} 2`, firstAssignment: 3, size: 4 },
  ],
  assignments: people,
});

async function get(
  url: string,
): Promise<{ status: number; body: Page & { error?: { code: string; message: string } } }> {
  const operator = await f.as('operator');
  const r = await f.server.inject({ method: 'GET', url, cookies: { [sessionCookie]: operator.cookie } });
  return { status: r.statusCode, body: r.json() };
}

async function everyPage(query: string): Promise<Page[]> {
  const pages: Page[] = [];
  for (let from: number | null = null; pages.length < 20; ) {
    const r = await get(
      `/api/campaigns/${f.campaignId}/plan/assignments?${query}${from === null ? '' : `&from=${from}`}`,
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    pages.push(r.body);
    from = r.body.next;
    if (from === null) break;
  }
  return pages;
}

describe('plan assignments, page by page', () => {
  let versionId: string;
  before(async () => {
    const store = await f.app.store();
    ({ versionId } = await savePlanVersion(store, {
      planId: 'plan-1',
      campaignId: f.campaignId,
      name: 'plan',
      body: body('Wave'),
      createdBy: 'alice',
      now: new Date(f.clock.at.getTime() + 60_000),
    }));
  });

  test('following next reads every person once, in order, across page boundaries', async () => {
    const pages = await everyPage('limit=2');
    assert.deepEqual(
      pages.map((p) => p.assignments.map((a) => a.key)),
      [['p-0', 'p-1'], ['p-2', 'p-3'], ['p-4', 'p-5'], ['p-6']],
    );
    assert.deepEqual(
      pages.map((p) => [p.from, p.next]),
      [
        [0, 2],
        [2, 4],
        [4, 6],
        [6, null],
      ],
    );
    assert.ok(pages.every((p) => p.versionId === versionId && p.total === 7));
    assert.deepEqual(
      pages.flatMap((p) => p.assignments.map((a) => [a.ordinal, a.wave, a.name])),
      people.map((p, i) => [i, p.wave, p.name]),
    );
  });

  test("one wave's pages stay in the wave", async () => {
    const pages = await everyPage('wave=2&limit=3');
    assert.deepEqual(
      pages.map((p) => p.assignments.map((a) => a.key)),
      [['p-3', 'p-4', 'p-5'], ['p-6']],
    );
    assert.ok(pages.every((p) => p.wave === 2 && p.total === 4));
    const exact = await everyPage('wave=1&limit=3');
    assert.deepEqual(
      exact.map((p) => [p.assignments.length, p.next]),
      [[3, null]],
      'a page that ends with the wave has no next',
    );
  });

  test('a reviewer keeps paging the version they started with', async () => {
    const first = await get(`/api/campaigns/${f.campaignId}/plan/assignments?limit=2`);
    const store = await f.app.store();
    const newer = await savePlanVersion(store, {
      planId: 'plan-1',
      campaignId: f.campaignId,
      name: 'plan',
      body: { ...body('Renamed'), assignments: people.map((p) => ({ ...p, name: `${p.name} (v2)` })) },
      createdBy: 'alice',
      now: new Date(f.clock.at.getTime() + 120_000),
    });
    const pinned = await get(
      `/api/campaigns/${f.campaignId}/plan/assignments?limit=2&from=${first.body.next}&version=${first.body.versionId}`,
    );
    assert.deepEqual(
      pinned.body.assignments.map((a) => a.name),
      ['person 2', 'person 3'],
    );
    const latest = await get(`/api/campaigns/${f.campaignId}/plan/assignments?limit=1`);
    assert.equal(latest.body.versionId, newer.versionId);
    assert.equal(latest.body.assignments[0]?.name, 'person 0 (v2)');
  });

  test('refuses bad paging input by name, and an unknown wave', async () => {
    for (const [query, name] of [
      ['limit=-1', 'limit'],
      ['from=abc', 'from'],
      ['wave=1.5', 'wave'],
    ] as const) {
      const r = await get(`/api/campaigns/${f.campaignId}/plan/assignments?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error?.code, 'INPUT_INVALID');
      assert.match(r.body.error?.message ?? '', new RegExp(`^${name}:`));
    }
    const unknown = await get(`/api/campaigns/${f.campaignId}/plan/assignments?wave=9`);
    assert.equal(unknown.status, 404);
  });

  test('the plan review reads back its waves and operations', async () => {
    const r = await get(`/api/campaigns/${f.campaignId}/plan`);
    const review = (r.body as unknown as { review: { waves: Array<{ number: number; label: string; size: number }> } })
      .review;
    assert.equal(r.status, 200);
    assert.deepEqual(
      review.waves.map((w) => [w.number, w.label, w.size]),
      [
        [1, 'Renamed 1', 3],
        [2, 'Renamed 2', 4],
      ],
    );
  });
});
