// A small campaign on the lab AD for the report tests (7 people in waves, 1 protected; 3 change
// their password, 3 are disabled at the deadline, 1 is exempt; then verified), and the check that
// the report's every figure is what the store holds, shared by the SQLite and PostgreSQL runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvePlan } from '../../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { enforcePlan } from '../../../src/app/campaign/enforce-plan.ts';
import { makePlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../../src/app/campaign/run-campaign.ts';
import { verifyPlan } from '../../../src/app/campaign/verify-plan.ts';
import type { App } from '../../../src/app/create-app.ts';
import { collectReportData } from '../../../src/app/reports/collect-report-data.ts';
import { writeReportFiles } from '../../../src/app/reports/write-report-files.ts';
import { planVersionBody } from '../../../src/store/plans/read-plan-versions.ts';
import type { ReportData } from '../../../src/reports/report-data.ts';
import { startCampaignLab, type CampaignLab } from '../../e2e/support/campaign-lab.ts';
import { proven } from '../../support/proven-operator.ts';

export interface ReportCampaign {
  env: CampaignLab;
  alice: App;
  campaignId: string;
  data: ReportData;
  outDir: string;
}

export const metrics = (html: string) =>
  Object.fromEntries([...html.matchAll(/data-metric="([^"]+)">([^<]*)</g)].map((m) => [m[1]!, m[2]!]));

export async function runReportCampaign(options: { storeUrl?: string } = {}): Promise<ReportCampaign> {
  const env = await startCampaignLab({
    users: 8,
    protectedUsers: 1,
    ...(options.storeUrl ? { storeUrl: options.storeUrl } : {}),
  });
  // The caller closes the lab only once it has it: if a step fails, close it here, or its open
  // store and connections keep the test process alive until the runner's timeout.
  try {
    const alice = env.app('alice');
    const [, ...users] = env.users;
    const triage = await recordTriage(alice, {
      answers: {
        indicators: { adDatabaseStaged: { answer: true, evidence: 'vssadmin on DC01 <script>' } },
        knownCompromisedAccounts: [],
      },
    });
    const campaignId = triage.campaignId;
    await discoverDirectories(alice, { campaignId });
    await makePlan(await proven(alice), { campaignId });
    await approvePlan(await proven(env.app('bob')), { campaignId });
    await runCampaign(alice, { campaignId, allWaves: true });
    for (const user of users.slice(0, 3)) await env.userChangesPassword(user);
    await enforcePlan(alice, {
      campaignId,
      ignoreDeadline: true,
      exempt: [{ name: users[6]!.sam, reason: 'on leave, ticket IR-7' }],
    });
    await verifyPlan(alice, { campaignId });
    const data = await collectReportData(alice, { campaignId });
    const outDir = join(env.dir, 'report');
    writeReportFiles(data, outDir);
    return { env, alice, campaignId, data, outDir };
  } catch (error) {
    await env.close().catch(() => undefined);
    throw error;
  }
}

export async function assertReportMatchesStore({
  env,
  alice,
  campaignId,
  data,
  outDir,
}: ReportCampaign): Promise<void> {
  const store = await alice.store();
  const rows = await store.db
    .selectFrom('actions')
    .innerJoin('waves', 'waves.id', 'actions.waveId')
    .select(['waves.ordinal', 'actions.state'])
    .where('actions.campaignId', '=', campaignId)
    .execute();
  const expected = new Map<string, number>();
  for (const r of rows)
    expected.set(`wave-${r.ordinal}-${r.state}`, (expected.get(`wave-${r.ordinal}-${r.state}`) ?? 0) + 1);
  const html = readFileSync(join(outDir, 'report.html'), 'utf8');
  const shown = metrics(html);
  assert.ok(data.plan && data.plan.waves.length > 0);
  for (const w of data.plan.waves) {
    for (const s of ['planned', 'claimed', 'applied', 'verified', 'failed', 'skipped'] as const) {
      const want = expected.get(`wave-${w.number}-${s}`) ?? 0;
      assert.equal(w.actions[s], want, `wave ${w.number} ${s} in the data`);
      assert.equal(shown[`wave-${w.number}-${s}`], String(want), `wave ${w.number} ${s} in the HTML`);
    }
  }
  const all = await store.db.selectFrom('actions').select(['state']).where('campaignId', '=', campaignId).execute();
  for (const s of ['applied', 'verified', 'failed', 'skipped'] as const) {
    assert.equal(shown[`actions-${s}`], String(all.filter((a) => a.state === s).length), `actions ${s}`);
  }
  // The 7 planned users: 3 changed (verified); 3 disabled at the deadline; 1 exempt.
  assert.equal(shown['plan-in-waves'], '7');
  assert.equal(shown['plan-protected'], '1');
  assert.equal(shown['enforce-disabled'], '3');
  assert.equal(shown['enforce-exempt'], '1');
  assert.equal(shown.exemptions, '1');
  assert.equal(shown['verify-checked'], '7');
  assert.equal(shown['verify-changed'], '3');
  assert.equal(shown.missed, '4');
  assert.deepEqual(
    data.missed.map((m) => m.name).sort(),
    env.users
      .slice(4)
      .map((u) => u.sam)
      .sort(),
  );
  assert.equal(data.exceptions.exemptions[0]!.reason, 'on leave, ticket IR-7');
  assert.equal(data.exceptions.exemptions[0]!.by, 'alice');
  // Per segment: the plan body's counts, and the CSV agrees person by person.
  const body = await planVersionBody(store, data.plan.versionId);
  assert.deepEqual(
    data.plan.bySegment,
    (JSON.parse(body ?? 'null') as { totals: { bySegment: Record<string, number> } }).totals.bySegment,
  );
  const csv = readFileSync(join(outDir, 'identities.csv'), 'utf8').trimEnd().split('\r\n');
  assert.equal(csv[0], 'directory,key,name,segment,treatment,wave,status,appliedAt,verifiedAt,deadline,lastErrorCode');
  // the 7 planned users and krbtgt (discovered from CN=Users whatever the scope; on its own timeline)
  assert.equal(csv.length - 1, 8);
  assert.deepEqual(
    csv
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[2] === 'krbtgt')
      .map((c) => [c[3], c[4]]),
    [['krbtgt', 'krbtgtDoubleReset']],
  );
  const status = new Map(
    csv
      .slice(1)
      .map((l) => l.split(','))
      .map((c) => [c[2]!, { status: c[6], deadline: c[9] }]),
  );
  for (const u of env.users.slice(1, 4))
    assert.deepEqual(status.get(u.sam), { status: 'verified', deadline: '' }, u.sam);
  for (const u of env.users.slice(4, 7))
    assert.deepEqual(status.get(u.sam), { status: 'applied', deadline: 'disabled' }, u.sam);
  assert.deepEqual(status.get(env.users[7]!.sam), { status: 'applied', deadline: 'exempt' });
  // The triage rationale, escaped; the audit chain as the store verifies it.
  assert.match(html, /vssadmin on DC01 &lt;script&gt;/);
  assert.doesNotMatch(html, /<script/i);
  assert.equal(shown['audit-entries'], String(data.audit.entries));
  assert.ok(data.audit.ok);
  const json = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as ReportData;
  assert.deepEqual(json.progress.totals, data.progress.totals);
}
