// `reclaim report`: the campaign summary from the store: plan, outcomes per action kind, failures
// by code, enforcement and the latest verification. (Issue 8 extends it.)
import { actionTallies } from '../../store/actions/action-tallies.ts';
import { latestAuditEntryFor } from '../../store/audit/audit-entries-for.ts';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';
import type { App } from '../create-app.ts';
import { campaignStatus, type CampaignStatusView } from './campaign-status.ts';
import { findCurrentPlanHeader } from './current-plan.ts';

export interface CampaignReport {
  campaign: Pick<CampaignStatusView, 'campaignId' | 'name' | 'status' | 't0' | 'plan' | 'totals'>;
  identities: { inWaves: number; protected: number; unmanageable: number; waves: number } | null;
  byKind: Record<string, Record<string, number>>;
  failuresByCode: Record<string, number>;
  enforcement: { disabled: number; exempt: number; reenabled: number };
  lastVerification: { at: string; checked: number; changed: number; reset: number; missed: number } | null;
  /** manual tasks per state and kind */
  tasks: CampaignStatusView['tasks'];
  audit: { ok: boolean; entries: number };
}

export async function campaignReport(app: App, input: { campaignId?: string }): Promise<CampaignReport> {
  const store = await app.store();
  const status = await campaignStatus(app, {
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    failuresLimit: 0,
  });
  const id = status.campaignId;
  // the header only: the summary counts, and the assignments are never read
  const plan = await findCurrentPlanHeader(store, id);
  const rows = await actionTallies(store, id);
  const byKind: CampaignReport['byKind'] = {};
  const failuresByCode: Record<string, number> = {};
  const enforcement = { disabled: 0, exempt: 0, reenabled: 0 };
  for (const r of rows) {
    const n = r.n;
    (byKind[r.kind] ??= {})[r.state] = (byKind[r.kind]![r.state] ?? 0) + n;
    if (r.state === 'failed' && r.lastErrorCode)
      failuresByCode[r.lastErrorCode] = (failuresByCode[r.lastErrorCode] ?? 0) + n;
    if (r.phase === 'deadline') {
      if (r.state === 'skipped') enforcement.exempt += n;
      else if (r.state === 'applied' || r.state === 'verified') enforcement.disabled += n;
    }
    if (r.phase === 'reenable' && (r.state === 'applied' || r.state === 'verified')) enforcement.reenabled += n;
  }
  const verify = await latestAuditEntryFor(store, { action: 'verify', target: `campaign:${id}` });
  const chain = await verifyAuditChain(store);
  return {
    campaign: {
      campaignId: id,
      name: status.name,
      status: status.status,
      t0: status.t0,
      plan: status.plan,
      totals: status.totals,
    },
    identities: plan
      ? {
          inWaves: plan.plan.totals.inWaves,
          protected: plan.plan.protected.length,
          unmanageable: plan.plan.unmanageable.length,
          waves: plan.plan.waves.length,
        }
      : null,
    byKind,
    failuresByCode,
    enforcement,
    lastVerification: verify ? verificationSummary(verify.at, verify.details) : null,
    tasks: status.tasks,
    audit: { ok: chain.ok, entries: chain.entries },
  };
}

function verificationSummary(
  at: string,
  details: Record<string, unknown>,
): { at: string; checked: number; changed: number; reset: number; missed: number } {
  const d = details as { checked: number; changed: number; reset?: number; missed: number };
  return { at, checked: d.checked, changed: d.changed, reset: d.reset ?? 0, missed: d.missed };
}
