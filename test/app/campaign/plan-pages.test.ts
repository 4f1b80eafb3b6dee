// A stored plan read a page of assignments at a time gives what its whole body gives: the dry-run's
// operations in the same order (the krbtgt steps, then per wave its start operations and tasks,
// then its deadline operations, across page boundaries), and `plan export` byte for byte, JSON
// and CSV. Pages of 3 over a planner-made plan of several waves, on a real SQLite store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { planExportChunks } from '../../../src/app/campaign/plan-export-chunks.ts';
import { planOperationPages } from '../../../src/app/campaign/plan-operation-pages.ts';
import { canonicalJson } from '../../../src/core/canonical-json.ts';
import { planCampaign } from '../../../src/core/planning/plan-campaign.ts';
import { planCsvLines } from '../../../src/core/planning/plan-csv.ts';
import { plannedOperations } from '../../../src/core/planning/planned-operations.ts';
import type { Plan, PlanHeader } from '../../../src/core/planning/plan.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { readPlanHeader } from '../../../src/store/plans/read-plan-header.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { aHybridPerson, anIdentity, directories, now, settings, sha256 } from '../../core/support/an-identity.ts';

let dir: string;
let store: Store;
let plan: Plan;
let versionId: string;
let header: PlanHeader;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reclaim-plan-pages-'));
  store = await openStore(`sqlite:${join(dir, 'reclaim.sqlite')}`);
  const triage = decideTriage(
    { indicators: { privilegedIdentitiesCompromised: { answer: true } }, knownCompromisedAccounts: [] },
    { answeredBy: 'dana', answeredAt: now },
  );
  plan = planCampaign({
    identities: [
      ...Array.from({ length: 11 }, (_, i) => anIdentity({ name: `u${i}`, department: `D${i % 3}` })),
      ...aHybridPerson('hy', {}, { department: 'D1' }),
      ...aHybridPerson('hz', { mfaRegistered: true } as never, { department: 'D2' }),
      anIdentity({ name: 'svc-app', department: 'D0' }),
      anIdentity({ name: 'krbtgt', accountType: 'krbtgt' }),
      anIdentity({ name: 'O\'Brien "quoted" é', department: 'D2' }),
    ],
    triage,
    settings: settings({
      waves: { groupBy: 'department', deadlineHours: 72, reminderHours: [24, 4], graceHours: 4, maxSize: 4 },
    }),
    directories,
    startAt: '2026-11-26T08:00:00.000Z',
    now,
    hash: sha256,
  });
  const campaign = await createCampaign(store, { name: 'pages', now: new Date(now) });
  ({ versionId } = await savePlanVersion(store, {
    planId: 'plan-pages',
    campaignId: campaign.id,
    name: 'plan',
    body: plan,
    createdBy: 'alice',
    now: new Date(now),
  }));
  header = (await readPlanHeader(store, versionId))!;
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function all<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    items.push(...page);
    count += 1;
  }
  return { items, pages: count };
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('a stored plan read in pages', () => {
  it('gives the dry-run operations of the whole body, in the same order', async () => {
    assert.ok(plan.waves.length >= 3, `several waves (${plan.waves.length})`);
    assert.ok(plan.krbtgt.length > 0, 'krbtgt steps');
    const expected = [...plannedOperations(plan)];
    assert.ok(
      expected.some((op) => op.type === 'task'),
      'a task',
    );
    assert.ok(
      expected.some((op) => op.type === 'action' && op.phase === 'deadline'),
      'a deadline operation',
    );
    const paged = await all(planOperationPages(store, versionId, header, 3));
    assert.deepEqual(paged.items, expected);
    assert.ok(paged.pages > plan.waves.length, `more pages (${paged.pages}) than waves: the waves span pages`);
  });

  it('exports the JSON document the body is, byte for byte, and the same CSV', async () => {
    const body = `${JSON.stringify(JSON.parse(canonicalJson(plan)), null, 2)}\n`;
    assert.equal(await text(planExportChunks(store, versionId, header, 'json', 3)), body);
    const csv = [...planCsvLines(plan)].map((line) => `${line}\n`).join('');
    assert.equal(await text(planExportChunks(store, versionId, header, 'csv', 3)), csv);
  });

  it('exports a body without assignment rows as it is stored', async () => {
    const campaign = await createCampaign(store, { name: 'draft', now: new Date(now) });
    const draft = { format: 'reclaim-plan/1', waves: [], note: 'no assignments member' };
    const saved = await savePlanVersion(store, {
      planId: 'plan-draft',
      campaignId: campaign.id,
      name: 'draft',
      body: draft,
      createdBy: 'alice',
      now: new Date(now),
    });
    const draftHeader = (await readPlanHeader(store, saved.versionId))!;
    assert.equal(
      await text(planExportChunks(store, saved.versionId, draftHeader, 'json')),
      `${JSON.stringify(JSON.parse(canonicalJson(draft)), null, 2)}\n`,
    );
  });
});
