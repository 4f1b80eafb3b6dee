// `reclaim triage`: records the incident commander's answers and the decision drawn from them,
// opening a new campaign (draft) unless one is named. Audited.
import { randomUUID } from 'node:crypto';
import { decideTriage, type TriageAnswers, type TriageDecision } from '../../core/triage/decide-triage.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { createCampaign } from '../../store/campaigns/create-campaign.ts';
import { storeCall } from '../../store/store-error.ts';
import type { App } from '../create-app.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export interface TriageRecorded {
  campaignId: string;
  created: boolean;
  decision: TriageDecision;
}

export async function recordTriage(app: App, input: { answers: TriageAnswers; answeredBy?: string; campaignId?: string; name?: string }): Promise<TriageRecorded> {
  const store = await app.store();
  const now = app.clock.now();
  const campaign = input.campaignId
    ? await resolveCampaign(store, input.campaignId)
    : await createCampaign(store, { id: `c-${now.toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`, name: input.name ?? app.config.campaign.name, createdBy: app.operator, configHash: app.configHash, now });
  const decision = decideTriage(input.answers, { answeredBy: input.answeredBy ?? app.operator, answeredAt: now.toISOString() });
  await storeCall('recording the triage decision', () =>
    store.db
      .insertInto('triageDecisions')
      .values({ campaignId: campaign.id, answeredBy: decision.answeredBy, answeredAt: decision.answeredAt, answers: JSON.stringify(input.answers), decision: JSON.stringify(decision) })
      .execute(),
  );
  await appendAudit(store, {
    actor: app.operator, action: 'triage.record', target: `campaign:${campaign.id}`, source: 'cli', now,
    details: { reset: decision.reset.value, scope: decision.scope.value.kind, assurance: decision.assurance.value, krbtgtDoubleReset: decision.krbtgtDoubleReset.value },
  });
  return { campaignId: campaign.id, created: !input.campaignId, decision };
}

export async function latestTriage(app: App, campaignId: string): Promise<TriageDecision | undefined> {
  const store = await app.store();
  const row = await storeCall('reading the triage decision', () =>
    store.db.selectFrom('triageDecisions').select('decision').where('campaignId', '=', campaignId).orderBy('id', 'desc').limit(1).executeTakeFirst(),
  );
  return row ? (JSON.parse(row.decision) as TriageDecision) : undefined;
}
