// What the dashboard takes from the campaign's current plan version: each wave's number, start,
// forecast of helpdesk calls and helpdesk queue (its helpdesk-treated people not verified yet).
// The figures are stored when the version is saved (store/plans/plan-figures.ts): a refresh reads
// a few rows and counts the verified people against the stored list, never the plan body, so no
// refresh (not even the first after a start or a new version) blocks the console for seconds.
// `recount` computes the same from the plan body and the verified people given (the check).
import type { Store } from '../open-store.ts';
import { countVerifiedHelpdeskPeople, planFiguresOfBody, readPlanWaveFigures } from './plan-figures.ts';
import { storeCall } from '../store-error.ts';
import { planVersionBody } from './read-plan-versions.ts';

export interface PlanFigures {
  versionId: string;
  waves: Array<{ number: number; startAt: string; expectedCalls: number | null }>;
  /** helpdesk-treated people of the waves started at `now`, not verified yet */
  queueDepth: number;
}

/** The figures of the campaign's most recently saved plan version, or null when it has none. */
export async function currentPlanFigures(
  store: Store,
  input: { campaignId: string; now: string; recount?: { verified: ReadonlySet<string> } },
): Promise<PlanFigures | null> {
  const version = await storeCall('reading the plan version', () =>
    store.db
      .selectFrom('planVersions')
      .innerJoin('plans', 'plans.id', 'planVersions.planId')
      .select('planVersions.id')
      .where('plans.campaignId', '=', input.campaignId)
      .orderBy('planVersions.createdAt', 'desc')
      .limit(1)
      .executeTakeFirst(),
  );
  if (!version) return null;
  if (input.recount) {
    const body = await planVersionBody(store, version.id);
    const waves = planFiguresOfBody(JSON.parse(body ?? 'null'));
    let queueDepth = 0;
    for (const w of waves)
      if (w.startAt <= input.now)
        for (const person of w.helpdeskPeople) if (!input.recount.verified.has(person)) queueDepth += 1;
    return {
      versionId: version.id,
      waves: waves.map(({ number, startAt, expectedCalls }) => ({ number, startAt, expectedCalls })),
      queueDepth,
    };
  }
  const waves = await readPlanWaveFigures(store, version.id);
  const started = waves.filter((w) => w.startAt <= input.now);
  const verified = await countVerifiedHelpdeskPeople(store, {
    campaignId: input.campaignId,
    versionId: version.id,
    waveNumbers: started.map((w) => w.number),
  });
  return {
    versionId: version.id,
    waves: waves.map(({ number, startAt, expectedCalls }) => ({ number, startAt, expectedCalls })),
    queueDepth: started.reduce((n, w) => n + w.helpdeskPeople, 0) - verified,
  };
}
