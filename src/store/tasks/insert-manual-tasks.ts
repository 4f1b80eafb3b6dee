// Stores the manual tasks of a materialized wave. Idempotent: one task per (campaign, identity,
// kind), so running a wave twice or re-planning never gives an identity a second task. The new
// tasks and one audit entry naming how many were opened commit together.
import type { ManualTaskKind } from '../../core/tasks/manual-task.ts';
import { appendAuditIn } from '../audit/append-audit.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export interface NewManualTask {
  campaignId: string;
  waveId: number | null;
  waveNumber: number;
  kind: ManualTaskKind;
  directory: string;
  identityKey: string;
  identityName: string;
  identityDn: string | null;
  linked: { directory: string; key: string; name: string } | null;
  owner: string | null;
  application: string | null;
  dueAt: string | null;
}

// 24 parameters a row: 200 rows stay under both dialects' bound-parameter limits.
const rowsPerStatement = 200;

/** Returns the ids of the tasks that were new (an identity that already has its task adds none). */
export async function insertManualTasks(
  store: Store,
  tasks: readonly NewManualTask[],
  input: { actor: string; source: 'cli' | 'console' | 'engine'; now: Date },
): Promise<number[]> {
  if (tasks.length === 0) return [];
  const at = input.now.toISOString();
  return inWriteTransaction(store, `opening ${tasks.length} manual tasks`, async (trx) => {
    const created: Array<{ id: number; kind: ManualTaskKind; waveNumber: number; campaignId: string }> = [];
    for (let i = 0; i < tasks.length; i += rowsPerStatement) {
      const rows = await trx
        .insertInto('manualTasks')
        .values(
          tasks.slice(i, i + rowsPerStatement).map((t) => ({
            campaignId: t.campaignId,
            waveId: t.waveId,
            waveNumber: t.waveNumber,
            kind: t.kind,
            state: 'open' as const,
            directory: t.directory,
            identityKey: t.identityKey,
            identityName: t.identityName,
            identityDn: t.identityDn,
            linkedDirectory: t.linked?.directory ?? null,
            linkedKey: t.linked?.key ?? null,
            linkedName: t.linked?.name ?? null,
            owner: t.owner,
            application: t.application,
            dueAt: t.dueAt,
            createdAt: at,
            updatedAt: at,
          })),
        )
        .onConflict((oc) => oc.columns(['campaignId', 'directory', 'identityKey', 'kind']).doNothing())
        .returning(['id', 'kind', 'waveNumber', 'campaignId'])
        .execute();
      created.push(
        ...rows.map((r) => ({
          id: Number(r.id),
          kind: r.kind,
          waveNumber: Number(r.waveNumber),
          campaignId: r.campaignId,
        })),
      );
    }
    const byCampaign = new Map<string, typeof created>();
    for (const c of created) {
      const list = byCampaign.get(c.campaignId);
      if (list) list.push(c);
      else byCampaign.set(c.campaignId, [c]);
    }
    for (const [campaignId, list] of byCampaign) {
      const byKind: Record<string, number> = {};
      for (const c of list) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
      await appendAuditIn(trx, store.dialect, {
        actor: input.actor,
        action: 'tasks.open',
        target: `campaign:${campaignId}`,
        source: input.source,
        now: input.now,
        details: {
          opened: list.length,
          byKind,
          waves: [...new Set(list.map((c) => c.waveNumber))].sort((a, b) => a - b),
          firstId: list[0]!.id,
          lastId: list.at(-1)!.id,
        },
      });
    }
    return created.map((c) => c.id);
  });
}
