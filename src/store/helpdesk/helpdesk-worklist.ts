// What the helpdesk sees beside each person: where they stand in the campaign (their wave, their
// actions' kinds and states, a manual task, whether the plan treats them through the helpdesk)
// and the worklist of callers (the campaign's verifications, newest first, with their outcome).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface PersonCampaignState {
  /** the wave number (of the plan version their actions belong to), null when not in a wave */
  wave: number | null;
  actions: Array<{ kind: string; state: string }>;
  /** a manual task (privileged reset, service account rotation) and its state */
  task: { kind: string; state: string } | null;
  /** the plan version given treats them through the helpdesk (helpdeskReset) */
  helpdesk: boolean;
  verifications: number;
  lastOutcome: string | null;
}

const keyOf = (directory: string, key: string) => `${directory}\n${key}`;

/** Per person (`${directory}\n${key}`): their state in the campaign; a few dozen people at most. */
export async function peopleCampaignState(
  store: Store,
  input: { campaignId: string; planVersionId: string | null; people: Array<{ directory: string; key: string }> },
): Promise<Map<string, PersonCampaignState>> {
  const result = new Map<string, PersonCampaignState>();
  if (input.people.length === 0) return result;
  for (const p of input.people)
    result.set(keyOf(p.directory, p.key), {
      wave: null,
      actions: [],
      task: null,
      helpdesk: false,
      verifications: 0,
      lastOutcome: null,
    });
  const keys = [...new Set(input.people.map((p) => p.key))];
  const mine = <T extends { directory: string; identityKey: string }>(rows: T[]) =>
    rows
      .map((r) => ({ row: r, state: result.get(keyOf(r.directory, r.identityKey)) }))
      .filter((x): x is { row: T; state: PersonCampaignState } => x.state !== undefined);
  await storeCall('reading the people of a helpdesk search', async () => {
    const actions = await store.db
      .selectFrom('actions')
      .leftJoin('waves', 'waves.id', 'actions.waveId')
      .select(['actions.directory', 'actions.identityKey', 'actions.kind', 'actions.state', 'waves.ordinal'])
      .where('actions.campaignId', '=', input.campaignId)
      .where('actions.identityKey', 'in', keys)
      .orderBy('actions.id')
      .execute();
    for (const { row, state } of mine(actions)) {
      state.actions.push({ kind: row.kind, state: row.state });
      if (row.ordinal !== null && state.wave === null) state.wave = Number(row.ordinal);
    }
    const tasks = await store.db
      .selectFrom('manualTasks')
      .select(['directory', 'identityKey', 'kind', 'state', 'waveNumber'])
      .where('campaignId', '=', input.campaignId)
      .where('identityKey', 'in', keys)
      .execute();
    for (const { row, state } of mine(tasks)) {
      state.task = { kind: row.kind, state: row.state };
      state.wave ??= Number(row.waveNumber);
    }
    if (input.planVersionId) {
      const helpdesk = await store.db
        .selectFrom('planHelpdeskPeople')
        .select(['directory', 'identityKey', 'waveNumber'])
        .where('planVersionId', '=', input.planVersionId)
        .where('identityKey', 'in', keys)
        .execute();
      for (const { row, state } of mine(helpdesk)) {
        state.helpdesk = true;
        state.wave ??= Number(row.waveNumber);
      }
    }
    const verifications = await store.db
      .selectFrom('helpdeskVerifications')
      .select(['directory', 'identityKey', 'outcome'])
      .where('campaignId', '=', input.campaignId)
      .where('identityKey', 'in', keys)
      .orderBy('id')
      .execute();
    for (const { row, state } of mine(verifications)) {
      state.verifications += 1;
      state.lastOutcome = row.outcome;
    }
  });
  return result;
}

export interface WorklistEntry {
  id: number;
  directory: string;
  identityKey: string;
  identityName: string | null;
  method: string;
  outcome: string;
  verifiedBy: string;
  verifiedAt: string;
}

/** The campaign's verifications, newest first, `limit` before the id `beforeId` (paging back). */
export async function helpdeskWorklist(
  store: Store,
  input: { campaignId: string; limit: number; beforeId?: number },
): Promise<WorklistEntry[]> {
  const rows = await storeCall('reading the helpdesk worklist', () => {
    let q = store.db
      .selectFrom('helpdeskVerifications')
      .select(['id', 'directory', 'identityKey', 'method', 'outcome', 'verifiedBy', 'verifiedAt'])
      .where('campaignId', '=', input.campaignId);
    if (input.beforeId !== undefined) q = q.where('id', '<', input.beforeId);
    return q.orderBy('id', 'desc').limit(input.limit).execute();
  });
  const keys = [...new Set(rows.map((r) => r.identityKey))];
  const names = new Map<string, string>();
  if (keys.length > 0) {
    const found = await storeCall('naming the worklist callers', () =>
      store.db
        .selectFrom('identities')
        .innerJoin('snapshots', 'snapshots.id', 'identities.snapshotId')
        .select(['identities.directory', 'identities.key', 'identities.name'])
        .where('snapshots.campaignId', '=', input.campaignId)
        .where('identities.key', 'in', keys)
        .execute(),
    );
    for (const f of found) names.set(keyOf(f.directory, f.key), f.name);
  }
  return rows.map((r) => ({
    id: Number(r.id),
    directory: r.directory,
    identityKey: r.identityKey,
    identityName: names.get(keyOf(r.directory, r.identityKey)) ?? null,
    method: r.method,
    outcome: r.outcome,
    verifiedBy: r.verifiedBy,
    verifiedAt: r.verifiedAt,
  }));
}
