// Triage, discovery, a plan and its approval by a second operator (both proven accounts), through
// the application services the CLI calls: the common start of the end-to-end tests that then run, verify or inspect
// the plan.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvePlan } from '../../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { makePlan, savedPlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { parseTriageAnswersFile } from '../../../src/app/triage/parse-triage-answers.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import type { SegmentAssignment } from '../../../src/core/segmentation/segment-identities.ts';
import { proven } from '../../support/proven-operator.ts';
import type { CampaignLab } from './campaign-lab.ts';

/** "AD database stolen, admins compromised": a mass reset at high assurance, krbtgt included. */
export const stolenDatabaseAnswers =
  'indicators:\n  adDatabaseExfiltrated: true\n  privilegedIdentitiesCompromised: true\nknownCompromisedAccounts: []\n';

export interface PlannedCampaign {
  campaignId: string;
  plan: Plan;
  /** the plan's assignment of an account, by sAMAccountName */
  assignment(sam: string): SegmentAssignment | undefined;
}

export async function plannedCampaign(
  env: CampaignLab,
  answersYaml: string,
  options: { approve?: boolean } = {},
): Promise<PlannedCampaign> {
  const alice = env.app('alice');
  const file = join(env.dir, `answers-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(file, answersYaml);
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile(file);
  const { campaignId } = await recordTriage(alice, { answers, newCampaign: true });
  await discoverDirectories(alice, { campaignId });
  const plan = await savedPlan(alice, await makePlan(await proven(alice), { campaignId }));
  if (options.approve !== false) await approvePlan(await proven(env.app('bob')), { campaignId });
  return {
    campaignId,
    plan,
    assignment: (sam) => plan.assignments.find((a) => a.name.toLowerCase() === sam.toLowerCase()),
  };
}
