// What `reclaim verify` prints: the counts, then every person not verified yet (everyone, in a
// must-change campaign, until they change), read back from the run's findings in the store and
// written a person at a time as the output drains, never held whole. The text and the JSON are
// what they were when the answer carried the lists: the same fields, in the same order.
import { verifyMissedPages, verifyResetPages } from '../../app/campaign/verify-findings.ts';
import { renderPerDc } from '../../app/campaign/verify-per-dc.ts';
import type { VerifyPlanResult } from '../../app/campaign/verify-plan.ts';
import type { Store } from '../../store/open-store.ts';
import { PagedList, printLongResult, writeOut } from '../output.ts';

export async function printVerifyResult(
  store: Store,
  result: VerifyPlanResult,
  json: boolean | undefined,
  write: (text: string) => Promise<void> = writeOut,
): Promise<void> {
  const { campaignId, t0, checked, changed, tasks, perDc } = result;
  const shown = {
    campaignId,
    t0,
    checked,
    changed,
    reset: new PagedList(() => verifyResetPages(store, result.runId)),
    missed: new PagedList(() => verifyMissedPages(store, result.runId)),
    tasks,
    perDc,
  };
  await printLongResult(
    shown,
    json,
    async function* (r) {
      yield `campaign ${r.campaignId}, T0 ${r.t0}: ${r.checked} checked, ${r.changed} changed by their owner, ` +
        `${result.reset} reset by Reclaim and awaiting their owner, ` +
        `${result.missed} missed`;
      if (result.reset > 0)
        yield `  reset: the old password of these ${result.reset} no longer signs in (replaced after T0); ` +
          'each sets their own through the helpdesk (`--json` lists them)';
      for await (const m of r.missed.items())
        yield `  MISSED wave ${m.wave} ${m.directory}:${m.identity} (${m.treatment}): ${m.reason}${m.enabled === false ? ' [disabled]' : ''}`;
      if (r.perDc) yield* renderPerDc(r.perDc);
    },
    write,
  );
}
