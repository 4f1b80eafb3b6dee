// Only the latest verification's findings are ever read (the report asks the run named by the
// latest verify audit entry; `verify` prints its own run), so once a run has finished, the findings
// of the campaign's earlier runs are deleted: a campaign verified every hour at 100,000 people
// would otherwise keep 100,000 rows per run. What stays of an earlier run is its verify_runs row
// (when, T0, its counts) and its audit entry (counts and the digest of whom it found reset).
// An earlier run that has not finished is either running beside this one (its findings are kept:
// it will be the latest when it finishes) or was cut off (a crash, a kill): its findings are deleted
// once it started more than `cutOffAfterMs` before the run that keeps its own.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

/** A verification left unfinished this long before a later one started was cut off. */
export const verifyCutOffAfterMs = 12 * 3600_000;

/** Deletes the findings of `campaignId`'s runs superseded by `keepRunId` (finished); returns how many rows went. */
export async function pruneSupersededFindings(
  store: Store,
  input: { campaignId: string; keepRunId: number; cutOffAfterMs?: number },
): Promise<number> {
  return storeCall('deleting the findings of earlier verifications', async () => {
    const kept = await store.db
      .selectFrom('verifyRuns')
      .select(['at'])
      .where('id', '=', input.keepRunId)
      .executeTakeFirstOrThrow();
    const cutOffBefore = new Date(Date.parse(kept.at) - (input.cutOffAfterMs ?? verifyCutOffAfterMs)).toISOString();
    const superseded = store.db
      .selectFrom('verifyRuns')
      .select('id')
      .where('campaignId', '=', input.campaignId)
      .where('id', '<', input.keepRunId)
      .where((eb) => eb.or([eb('finishedAt', 'is not', null), eb('at', '<', cutOffBefore)]));
    const deleted = await store.db.deleteFrom('verifyFindings').where('runId', 'in', superseded).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  });
}
