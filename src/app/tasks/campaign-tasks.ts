// `reclaim tasks list` and the console's task list: a campaign's manual tasks, filtered, with the
// counts per kind and state.
import type { ManualTaskKind, ManualTaskState } from '../../core/tasks/manual-task.ts';
import { countManualTasks, listManualTasks, type ManualTaskCounts } from '../../store/tasks/list-manual-tasks.ts';
import type { ManualTaskRow } from '../../store/tasks/manual-task-row.ts';
import { resolveCampaign } from '../campaign/resolve-campaign.ts';
import type { App } from '../create-app.ts';

export interface CampaignTasks {
  campaignId: string;
  t0: string | null;
  counts: ManualTaskCounts;
  tasks: ManualTaskRow[];
}

export async function campaignTasks(
  app: App,
  input: {
    campaignId?: string;
    states?: ManualTaskState[];
    kinds?: ManualTaskKind[];
    waves?: number[];
    assignee?: string;
    limit?: number;
  },
): Promise<CampaignTasks> {
  const store = await app.store();
  const campaign = await resolveCampaign(store, input.campaignId);
  const tasks = await listManualTasks(store, {
    campaignId: campaign.id,
    ...(input.states ? { states: input.states } : {}),
    ...(input.kinds ? { kinds: input.kinds } : {}),
    ...(input.waves ? { waves: input.waves } : {}),
    ...(input.assignee ? { assignee: input.assignee } : {}),
    ...(input.limit ? { limit: input.limit } : {}),
  });
  return { campaignId: campaign.id, t0: campaign.t0, counts: await countManualTasks(store, campaign.id), tasks };
}
