// A fresh SQLite store per test with one active campaign, an approved plan version, one wave and
// planned actions: the state `reclaim run` starts from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionKind } from '../../../src/core/action.ts';
import { Secret } from '../../../src/core/secret.ts';
import { ActionPasswords } from '../../../src/engine/action-passwords.ts';
import { createApplyGuard } from '../../../src/engine/apply-guard.ts';
import { systemClock, type EngineClock } from '../../../src/engine/engine-clock.ts';
import type { EngineEvent } from '../../../src/engine/engine-event.ts';
import type { RunDeps } from '../../../src/engine/run-actions.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { setCampaignStatus } from '../../../src/store/campaigns/set-campaign-status.ts';
import { openStore, type Store } from '../../../src/store/open-store.ts';
import { insertWaves } from '../../../src/store/plans/insert-waves.ts';
import { recordApproval } from '../../../src/store/plans/record-approval.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import type { MemoryDirectory } from './a-memory-directory.ts';

export const campaignKey = new Secret('test-campaign-key-0123456789abcdef');

export interface EngineFixture {
  store: Store;
  campaignId: string;
  waveId: number;
  planVersionId: string;
  events: EngineEvent[];
  close(): Promise<void>;
}

let counter = 0;

export async function anEngineFixture(options: { approved?: boolean; storeUrl?: string } = {}): Promise<EngineFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-engine-'));
  const store = await openStore(options.storeUrl ?? `sqlite:${join(dir, 'store.sqlite')}`);
  const now = new Date();
  counter += 1;
  const campaignId = `engine-test-${process.pid}-${counter}`;
  await createCampaign(store, { id: campaignId, name: 'engine test', createdBy: 'alice', now });
  await setCampaignStatus(store, { campaignId, status: 'active', now });
  const { versionId } = await savePlanVersion(store, {
    planId: `${campaignId}-plan`,
    campaignId,
    name: 'plan',
    body: { test: counter },
    createdBy: 'alice',
    now,
  });
  const [waveId] = await insertWaves(store, versionId, [
    { ordinal: 1, name: 'wave 1', startsAt: now, deadlineAt: new Date(now.getTime() + 3_600_000), size: 0 },
  ]);
  if (options.approved !== false) await recordApproval(store, { planVersionId: versionId, approver: 'bob', now });
  return {
    store,
    campaignId,
    waveId: waveId!,
    planVersionId: versionId,
    events: [],
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function planActions(
  f: EngineFixture,
  directory: MemoryDirectory,
  kind: ActionKind,
  params: Record<string, unknown> = {},
): Promise<number[]> {
  await insertActions(
    f.store,
    [...directory.users.values()].map((u) => ({
      campaignId: f.campaignId,
      waveId: f.waveId,
      directory: directory.id,
      identityKey: u.key,
      identityName: u.name,
      kind,
      params,
      idempotencyKey: `${f.campaignId}/${directory.id}/${u.key}/${kind}`,
    })),
    new Date(),
  );
  const rows = await f.store.db
    .selectFrom('actions')
    .select('id')
    .where('campaignId', '=', f.campaignId)
    .orderBy('id')
    .execute();
  return rows.map((r) => Number(r.id));
}

export function runDeps(
  f: EngineFixture,
  directories: MemoryDirectory[],
  options: { owner?: string; clock?: EngineClock; protectedNames?: string[] } = {},
): RunDeps {
  const protectedNames = new Set(options.protectedNames ?? []);
  return {
    store: f.store,
    clock: options.clock ?? systemClock,
    owner: options.owner ?? 'worker-1',
    directories: new Map(directories.map((d) => [d.id, d])),
    passwords: new ActionPasswords(() => campaignKey, f.campaignId),
    guard: createApplyGuard(f.store, {
      campaignId: f.campaignId,
      protectedReason: (a) => (protectedNames.has(a.identityName) ? 'listed under protected.identities' : null),
    }),
    retry: { baseMs: 5, maxMs: 20, maxAttempts: 4 },
    random: () => 0.5,
    onEvent: (e) => f.events.push(e),
  };
}

export const fastRun = { leaseMs: 30_000, pollMs: 5, untilDone: true } as const;

export async function statesOf(store: Store, campaignId: string): Promise<Record<string, number>> {
  const rows = await store.db.selectFrom('actions').select(['state']).where('campaignId', '=', campaignId).execute();
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}
