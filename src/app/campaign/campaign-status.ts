// `reclaim status`: where the campaign stands: actions by state per wave, the kill switch, and
// every permanent failure with its code, for the operator to act on; and the manual tasks (privileged
// resets, service account rotations) per kind and state.
import { countActionsByWave, type StateCounts } from '../../store/actions/count-actions.ts';
import { readKillSwitch, type KillSwitchState } from '../../store/campaigns/kill-switch.ts';
import { failedActions } from '../../store/actions/failed-actions.ts';
import { countManualTasks, type ManualTaskCounts } from '../../store/tasks/list-manual-tasks.ts';
import type { App } from '../create-app.ts';
import { findCurrentPlanWaves } from './current-plan.ts';
import { resolveCampaign } from './resolve-campaign.ts';
import { waveSchedule, type WaveSchedule } from './wave-schedule.ts';

export interface CampaignStatusView {
  campaignId: string;
  name: string;
  status: string;
  t0: string | null;
  killSwitch: KillSwitchState;
  plan: { versionId: string; author: string; approvers: string[] } | null;
  waves: Array<{ number: number | null; name: string; deadlineAt: string | null; counts: StateCounts }>;
  totals: StateCounts;
  /** every wave of the current plan with its start time, started or not */
  schedule: WaveSchedule | null;
  failures: Array<{
    id: number;
    directory: string;
    identity: string;
    kind: string;
    code: string | null;
    message: string | null;
    retrying: boolean;
  }>;
  /** manual tasks per state and per kind (`reclaim tasks list` lists them) */
  tasks: ManualTaskCounts;
}

export async function campaignStatus(
  app: App,
  input: { campaignId?: string; failuresLimit?: number },
): Promise<CampaignStatusView> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const plan = await findCurrentPlanWaves(store, campaign.id);
  const byWave = await countActionsByWave(store, campaign.id);
  const totals = emptyCounts();
  for (const counts of byWave.values())
    for (const [s, n] of Object.entries(counts)) totals[s as keyof StateCounts] += n;
  const waveInfo = new Map((plan?.waves ?? []).map((w) => [w.id, w]));
  return {
    campaignId: campaign.id,
    name: campaign.name,
    status: campaign.status,
    t0: campaign.t0,
    killSwitch: await readKillSwitch(store, campaign.id),
    plan: plan ? { versionId: plan.versionId, author: plan.createdBy, approvers: plan.approvers } : null,
    waves: [...byWave.entries()]
      .map(([id, counts]) => ({
        number: id === null ? null : (waveInfo.get(id)?.ordinal ?? null),
        name: id === null ? '(no wave)' : (waveInfo.get(id)?.name ?? `wave id ${id}`),
        deadlineAt: id === null ? null : (waveInfo.get(id)?.deadlineAt ?? null),
        counts,
      }))
      .sort((a, b) => (a.number ?? 0) - (b.number ?? 0)),
    totals,
    schedule: plan ? await waveSchedule(store, campaign.id, plan, app.clock.now()) : null,
    failures: await failedActions(store, campaign.id, input.failuresLimit ?? 100),
    tasks: await countManualTasks(store, campaign.id),
  };
}

function emptyCounts(): StateCounts {
  return { planned: 0, claimed: 0, applied: 0, verified: 0, failed: 0, skipped: 0 };
}
