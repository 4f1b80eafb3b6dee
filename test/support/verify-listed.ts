// verifyPlan with its findings read back from the store into lists, as `verify --json` prints
// them: for tests that assert who was missed or reset (the answer itself holds counts only).
import { verifyMissedPages, verifyResetPages } from '../../src/app/campaign/verify-findings.ts';
import { verifyPlan, type VerifyPlanResult } from '../../src/app/campaign/verify-plan.ts';
import type { App } from '../../src/app/create-app.ts';
import type { VerifyMiss, VerifyReset } from '../../src/engine/verify-campaign.ts';

export type VerifyListed = Omit<VerifyPlanResult, 'missed' | 'reset'> & { missed: VerifyMiss[]; reset: VerifyReset[] };

export async function verifyListed(app: App, input: Parameters<typeof verifyPlan>[1]): Promise<VerifyListed> {
  const result = await verifyPlan(app, input);
  const store = await app.store();
  const missed: VerifyMiss[] = [];
  const reset: VerifyReset[] = [];
  for await (const page of verifyMissedPages(store, result.runId)) missed.push(...page);
  for await (const page of verifyResetPages(store, result.runId)) reset.push(...page);
  if (missed.length !== result.missed || reset.length !== result.reset)
    throw new Error(
      `counted ${result.missed} missed and ${result.reset} reset, read back ${missed.length} and ${reset.length}`,
    );
  return { ...result, missed, reset };
}
