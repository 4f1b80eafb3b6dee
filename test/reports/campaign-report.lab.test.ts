// The report of a campaign run on the lab AD (triage, discover, plan, second-operator approval,
// run, users who change or not, enforcement with an exemption, verification): every number the
// HTML, CSV and JSON show is checked against the store, a canary proves no secret reaches any of
// them, the evidence pack unpacks with a manifest that sha256sum accepts, and headless Chromium
// renders the HTML without a single request leaving the page (screenshot in test-results/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { chromium } from 'playwright-core';
import { approvePlan } from '../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { enforcePlan } from '../../src/app/campaign/enforce-plan.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { runCampaign } from '../../src/app/campaign/run-campaign.ts';
import { verifyPlan } from '../../src/app/campaign/verify-plan.ts';
import type { App } from '../../src/app/create-app.ts';
import { collectReportData } from '../../src/app/reports/collect-report-data.ts';
import { writeEvidencePack } from '../../src/app/reports/write-evidence-pack.ts';
import { writeReportFiles } from '../../src/app/reports/write-report-files.ts';
import { reportCommand } from '../../src/cli/commands/report-command.ts';
import type { ReportData } from '../../src/reports/report-data.ts';
import { startCampaignLab, type CampaignLab } from '../e2e/support/campaign-lab.ts';

let env: CampaignLab;
let alice: App;
let campaignId: string;
let data: ReportData;
let outDir: string;

const metrics = (html: string) => Object.fromEntries([...html.matchAll(/data-metric="([^"]+)">([^<]*)</g)].map((m) => [m[1]!, m[2]!]));

before(async () => {
  env = await startCampaignLab({ users: 8, protectedUsers: 1 });
  alice = env.app('alice');
  const bob = env.app('bob');
  const [, ...users] = env.users;
  const triage = await recordTriage(alice, { answers: { indicators: { adDatabaseStaged: { answer: true, evidence: 'vssadmin on DC01 <script>' } }, knownCompromisedAccounts: [] } });
  campaignId = triage.campaignId;
  await discoverDirectories(alice, { campaignId });
  await makePlan(alice, { campaignId });
  await approvePlan(bob, { campaignId });
  await runCampaign(alice, { campaignId, allWaves: true });
  for (const user of users.slice(0, 3)) await env.userChangesPassword(user);
  await enforcePlan(alice, { campaignId, ignoreDeadline: true, exempt: [{ name: users[6]!.sam, reason: 'on leave, ticket IR-7' }] });
  await verifyPlan(alice, { campaignId });
  data = await collectReportData(alice, { campaignId });
  outDir = join(env.dir, 'report');
  writeReportFiles(data, outDir);
});
after(async () => {
  await env?.close();
});

describe('the campaign report', () => {
  it('shows per wave, per state and per segment exactly what the store holds', async () => {
    const store = await alice.store();
    const rows = await store.db.selectFrom('actions').innerJoin('waves', 'waves.id', 'actions.waveId').select(['waves.ordinal', 'actions.state']).where('actions.campaignId', '=', campaignId).execute();
    const expected = new Map<string, number>();
    for (const r of rows) expected.set(`wave-${r.ordinal}-${r.state}`, (expected.get(`wave-${r.ordinal}-${r.state}`) ?? 0) + 1);
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
    assert.equal(shown['exemptions'], '1');
    assert.equal(shown['verify-checked'], '7');
    assert.equal(shown['verify-changed'], '3');
    assert.equal(shown['missed'], '4');
    assert.deepEqual(data.missed.map((m) => m.name).sort(), env.users.slice(4).map((u) => u.sam).sort());
    assert.equal(data.exceptions.exemptions[0]!.reason, 'on leave, ticket IR-7');
    assert.equal(data.exceptions.exemptions[0]!.by, 'alice');
    // Per segment: the plan body's counts, and the CSV agrees person by person.
    const body = await store.db.selectFrom('planVersions').select('body').where('id', '=', data.plan.versionId).executeTakeFirstOrThrow();
    assert.deepEqual(data.plan.bySegment, (JSON.parse(body.body) as { totals: { bySegment: Record<string, number> } }).totals.bySegment);
    const csv = readFileSync(join(outDir, 'identities.csv'), 'utf8').trimEnd().split('\r\n');
    assert.equal(csv[0], 'directory,key,name,segment,treatment,wave,status,appliedAt,verifiedAt,deadline,lastErrorCode');
    assert.equal(csv.length - 1, 7);
    const status = new Map(csv.slice(1).map((l) => l.split(',')).map((c) => [c[2]!, { status: c[6], deadline: c[9] }]));
    for (const u of env.users.slice(1, 4)) assert.deepEqual(status.get(u.sam), { status: 'verified', deadline: '' }, u.sam);
    for (const u of env.users.slice(4, 7)) assert.deepEqual(status.get(u.sam), { status: 'applied', deadline: 'disabled' }, u.sam);
    assert.deepEqual(status.get(env.users[7]!.sam), { status: 'applied', deadline: 'exempt' });
    // The triage rationale, escaped; the audit chain as the store verifies it.
    assert.match(html, /vssadmin on DC01 &lt;script&gt;/);
    assert.doesNotMatch(html, /<script/i);
    assert.equal(shown['audit-entries'], String(data.audit.entries));
    assert.ok(data.audit.ok);
    const json = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as ReportData;
    assert.deepEqual(json.progress.totals, data.progress.totals);
  });

  it('never carries a secret: the password key, the service account password, no user password', () => {
    const canaries = [readFileSync(join(env.dir, 'password-key'), 'utf8').trim(), ...env.users.map((u) => u.password)];
    const operatorPassword = readFileSync(/password: "file:([^"]+)"/.exec(readFileSync(env.configFile, 'utf8'))![1]!, 'utf8').trim();
    canaries.push(operatorPassword);
    for (const file of readdirSync(outDir)) {
      const text = readFileSync(join(outDir, file), 'utf8');
      for (const secret of canaries) assert.ok(!text.includes(secret), `${file} holds a secret`);
    }
  });

  it('packs the evidence: report, plan, approvals, audit log and its verification, with a manifest sha256sum accepts', async () => {
    const pack = await writeEvidencePack(await alice.store(), data, join(env.dir, 'evidence.tar.gz'));
    const unpacked = join(env.dir, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', pack.file, '-C', unpacked]);
    assert.deepEqual(readdirSync(unpacked).sort(), ['MANIFEST.sha256', 'approvals.json', 'audit-log.jsonl', 'audit-verification.json', 'identities.csv', 'plan.json', 'report.html', 'report.json']);
    execFileSync('sha256sum', ['-c', '--quiet', 'MANIFEST.sha256'], { cwd: unpacked });
    const audit = readFileSync(join(unpacked, 'audit-log.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; prevHash: string; hash: string });
    assert.equal(audit.length, data.audit.entries);
    for (let i = 1; i < audit.length; i++) assert.equal(audit[i]!.prevHash, audit[i - 1]!.hash, 'the exported chain links');
    const verification = JSON.parse(readFileSync(join(unpacked, 'audit-verification.json'), 'utf8')) as { ok: boolean; entries: number };
    assert.deepEqual([verification.ok, verification.entries], [true, data.audit.entries]);
    const approvals = JSON.parse(readFileSync(join(unpacked, 'approvals.json'), 'utf8')) as { approvals: Array<{ approver: string }> };
    assert.deepEqual(approvals.approvals.map((a) => a.approver), ['bob']);
    assert.equal((JSON.parse(readFileSync(join(unpacked, 'plan.json'), 'utf8')) as { contentHash: string }).contentHash, data.plan!.contentHash);
  });

  it('is what `reclaim report --out DIR --evidence FILE --json` writes', async () => {
    const program = new Command('reclaim').option('-c, --config <file>').exitOverride().addCommand(reportCommand());
    const dir = join(env.dir, 'cli-report');
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await program.parseAsync(['node', 'reclaim', '--config', env.configFile, 'report', '--campaign', campaignId, '--as', 'carol', '--out', dir, '--evidence', join(dir, 'evidence.tar.gz'), '--json']);
    } finally {
      process.stdout.write = write;
    }
    const result = JSON.parse(printed.join('')) as { files: { html: string; csv: string }; evidencePack: { file: string; sha256: string } };
    assert.equal(result.files.html, join(dir, 'report.html'));
    const html = readFileSync(result.files.html, 'utf8');
    assert.equal(metrics(html)['enforce-disabled'], '3');
    assert.match(html, /Generated [^ ]+ by carol/);
    assert.equal(readFileSync(result.files.csv, 'utf8'), readFileSync(join(outDir, 'identities.csv'), 'utf8'), 'the same CSV as the use case wrote');
    execFileSync('tar', ['-tzf', result.evidencePack.file]);
  });

  it('renders in headless Chromium with no request leaving the page, charts visible (screenshot kept)', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(outDir, 'report.html')}`);
      assert.deepEqual(requests.filter((u) => !u.startsWith('file://')), [], 'a self-contained report requests nothing');
      assert.equal(await page.title(), 'Reclaim report: e2e campaign');
      const charts = await page.locator('figure svg').count();
      assert.ok(charts >= 4, `charts rendered: ${charts}`);
      const box = await page.locator('figure svg').first().boundingBox();
      assert.ok(box && box.width > 100 && box.height > 10, 'the first chart has a size on screen');
      assert.equal(await page.locator('[data-metric="enforce-disabled"]').textContent(), '3');
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: join('test-results', 'campaign-report.png'), fullPage: true });
      writeFileSync(join('test-results', 'campaign-report.html'), readFileSync(join(outDir, 'report.html')));
    } finally {
      await browser.close();
    }
  });
});
