// `reclaim triage`: records the incident commander's answers and the decision drawn from them.
// SAFETY: with an open campaign in the store, triage amends it (a new decision, audited with the
// one it replaces) instead of silently opening a second campaign that every later command would
// switch to; a new campaign is opened only when none is open or when asked (--new-campaign).
import { randomUUID } from 'node:crypto';
import { decideTriage, type TriageAnswers, type TriageDecision } from '../../core/triage/decide-triage.ts';
import { appendAudit } from '../../store/audit/append-audit.ts';
import { createCampaign } from '../../store/campaigns/create-campaign.ts';
import { latestTriageDecision, recordTriageDecision } from '../../store/campaigns/record-triage-decision.ts';
import type { App } from '../create-app.ts';
import { resolveCampaign } from './resolve-campaign.ts';

export interface TriageRecorded {
  campaignId: string;
  created: boolean;
  /** an open campaign's decision was replaced (the previous one is kept and audited) */
  amended: boolean;
  decision: TriageDecision;
  /** what the person should know about this decision (no indicator answered, ...) */
  warnings: string[];
}

export async function recordTriage(
  app: App,
  input: { answers: TriageAnswers; answeredBy?: string; campaignId?: string; name?: string; newCampaign?: boolean },
): Promise<TriageRecorded> {
  const store = await app.store();
  const now = app.clock.now();
  const open = input.campaignId
    ? await resolveCampaign(store, input.campaignId)
    : input.newCampaign
      ? undefined
      : await resolveCampaign(store).catch(() => undefined);
  const previous = open ? await latestTriage(app, open.id) : undefined;
  const campaign =
    open ??
    (await createCampaign(store, {
      id: `c-${now.toISOString().slice(0, 10)}-${randomUUID().slice(0, 8)}`,
      name: input.name ?? app.config.campaign.name,
      createdBy: app.operator,
      configHash: app.configHash,
      now,
    }));
  const decision = decideTriage(input.answers, {
    answeredBy: input.answeredBy ?? app.operator,
    answeredAt: now.toISOString(),
  });
  const warnings: string[] = [];
  if (
    !Object.values(input.answers.indicators).some((a) => a?.answer === true) &&
    input.answers.knownCompromisedAccounts.length === 0
  ) {
    warnings.push(
      `no indicator was answered yes: the decision is "${decision.reset.value}"; answer the ` +
        `questions (or give --answers FILE) if the incident calls for a reset`,
    );
  }
  await recordTriageDecision(store, {
    campaignId: campaign.id,
    answeredBy: decision.answeredBy,
    answers: input.answers,
    decision,
    now,
  });
  await appendAudit(store, {
    actor: app.operator,
    action: previous ? 'triage.amend' : 'triage.record',
    target: `campaign:${campaign.id}`,
    source: 'cli',
    now,
    details: {
      ...(previous
        ? {
            replaces: {
              reset: previous.reset.value,
              assurance: previous.assurance.value,
              answeredAt: previous.answeredAt,
            },
          }
        : {}),
      reset: decision.reset.value,
      scope: decision.scope.value.kind,
      assurance: decision.assurance.value,
      krbtgtDoubleReset: decision.krbtgtDoubleReset.value,
    },
  });
  return { campaignId: campaign.id, created: !open, amended: previous !== undefined, decision, warnings };
}

export async function latestTriage(app: App, campaignId: string): Promise<TriageDecision | undefined> {
  const store = await app.store();
  return (await latestTriageDecision<unknown, TriageDecision>(store, campaignId))?.decision;
}
