// Triage: the incident's answers and the decision derived from them, recorded per campaign.
// Decisions are appended, never overwritten; the latest one is in force.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface TriageRecord<A, D> {
  id: number;
  campaignId: string;
  answeredBy: string;
  answeredAt: string;
  answers: A;
  decision: D;
}

export async function recordTriageDecision(
  store: Store,
  input: { campaignId: string; answeredBy: string; answers: unknown; decision: unknown; now: Date },
): Promise<number> {
  return storeCall('recording the triage decision', async () => {
    const row = await store.db
      .insertInto('triageDecisions')
      .values({
        campaignId: input.campaignId,
        answeredBy: input.answeredBy,
        answeredAt: input.now.toISOString(),
        answers: JSON.stringify(input.answers),
        decision: JSON.stringify(input.decision),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
}

export async function latestTriageDecision<A = unknown, D = unknown>(
  store: Store,
  campaignId: string,
): Promise<TriageRecord<A, D> | undefined> {
  const row = await storeCall('reading the triage decision', () =>
    store.db
      .selectFrom('triageDecisions')
      .selectAll()
      .where('campaignId', '=', campaignId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  if (!row) return undefined;
  return { ...row, id: Number(row.id), answers: JSON.parse(row.answers) as A, decision: JSON.parse(row.decision) as D };
}
