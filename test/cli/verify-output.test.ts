// `reclaim verify` prints what it printed when its answer carried the lists of people: the JSON is
// JSON.stringify of the answer with `reset` and `missed` as arrays sorted by wave, directory and
// name (localeCompare), and the text lists each missed person in that order; both are now read
// back from the run's findings in the store, a page at a time.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { verifyMissedPages, verifyResetPages } from '../../src/app/campaign/verify-findings.ts';
import { verifyPlan, type VerifyPlanResult } from '../../src/app/campaign/verify-plan.ts';
import type { App } from '../../src/app/create-app.ts';
import { printVerifyResult } from '../../src/cli/commands/verify-render.ts';
import type { VerifyMiss, VerifyReset } from '../../src/engine/verify-campaign.ts';
import { seedVerifyCampaign, verifyFixtureApp, verifyFixtureDir } from '../app/campaign/support/verify-fixture.ts';

let dir: string;
let app: App;
let result: VerifyPlanResult;

async function printed(json: boolean): Promise<string> {
  let out = '';
  await printVerifyResult(await app.store(), result, json, async (text) => {
    out += text;
  });
  return out;
}

async function listed<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

const order = (a: VerifyMiss | VerifyReset, b: VerifyMiss | VerifyReset) =>
  a.wave - b.wave || a.directory.localeCompare(b.directory) || a.identity.localeCompare(b.identity);

before(async () => {
  dir = verifyFixtureDir();
  app = verifyFixtureApp(dir);
  await seedVerifyCampaign(await app.store(), 300);
  result = await verifyPlan(app, { pageSize: 25 });
});
after(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('verify output', () => {
  it('prints --json as the answer with its lists, element by element from the store', async () => {
    const store = await app.store();
    const missed = (await listed(verifyMissedPages(store, result.runId, 7))).sort(order);
    const reset = (await listed(verifyResetPages(store, result.runId, 7))).sort(order);
    assert.ok(missed.length > 10 && reset.length > 3, `${missed.length} missed, ${reset.length} reset`);
    const { campaignId, t0, checked, changed, tasks } = result;
    const answer = { campaignId, t0, checked, changed, reset, missed, tasks };
    assert.equal(await printed(true), `${JSON.stringify(answer, null, 2)}\n`);
  });

  it('prints the text with every missed person in the same order', async () => {
    const store = await app.store();
    const missed = (await listed(verifyMissedPages(store, result.runId))).sort(order);
    const lines = [
      `campaign ${result.campaignId}, T0 ${result.t0}: ${result.checked} checked, ${result.changed} changed by their owner, ` +
        `${result.reset} reset by Reclaim and awaiting their owner, ${result.missed} missed`,
      `  reset: the old password of these ${result.reset} no longer signs in (replaced after T0); ` +
        'each sets their own through the helpdesk (`--json` lists them)',
      ...missed.map(
        (m) =>
          `  MISSED wave ${m.wave} ${m.directory}:${m.identity} (${m.treatment}): ${m.reason}${m.enabled === false ? ' [disabled]' : ''}`,
      ),
    ];
    assert.equal(await printed(false), `${lines.join('\n')}\n`);
  });
});
