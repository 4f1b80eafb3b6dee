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
import type { App } from '../../src/app/create-app.ts';
import { writeEvidencePack } from '../../src/app/reports/write-evidence-pack.ts';
import { reportCommand } from '../../src/cli/commands/report-command.ts';
import type { ReportData } from '../../src/reports/report-data.ts';
import type { CampaignLab } from '../e2e/support/campaign-lab.ts';
import {
  assertReportMatchesStore,
  metrics,
  runReportCampaign,
  type ReportCampaign,
} from './support/report-campaign.ts';

let ctx: ReportCampaign;
let env: CampaignLab;
let alice: App;
let campaignId: string;
let data: ReportData;
let outDir: string;

before(async () => {
  ctx = await runReportCampaign();
  ({ env, alice, campaignId, data, outDir } = ctx);
});
after(async () => {
  await env?.close();
});

describe('the campaign report', () => {
  it('shows per wave, per state and per segment exactly what the store holds', async () => {
    await assertReportMatchesStore(ctx);
  });

  it('never carries a secret: the password key, the service account password, no user password', () => {
    const canaries = [readFileSync(join(env.dir, 'password-key'), 'utf8').trim(), ...env.users.map((u) => u.password)];
    const operatorPassword = readFileSync(
      /password: "file:([^"]+)"/.exec(readFileSync(env.configFile, 'utf8'))![1]!,
      'utf8',
    ).trim();
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
    assert.deepEqual(readdirSync(unpacked).sort(), [
      'MANIFEST.sha256',
      'approvals.json',
      'audit-log.jsonl',
      'audit-verification.json',
      'identities.csv',
      'notices.csv',
      'plan.json',
      'report.html',
      'report.json',
    ]);
    execFileSync('sha256sum', ['-c', '--quiet', 'MANIFEST.sha256'], { cwd: unpacked });
    const audit = readFileSync(join(unpacked, 'audit-log.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number; prevHash: string; hash: string });
    assert.equal(audit.length, data.audit.entries);
    for (let i = 1; i < audit.length; i++)
      assert.equal(audit[i]!.prevHash, audit[i - 1]!.hash, 'the exported chain links');
    const verification = JSON.parse(readFileSync(join(unpacked, 'audit-verification.json'), 'utf8')) as {
      ok: boolean;
      entries: number;
    };
    assert.deepEqual([verification.ok, verification.entries], [true, data.audit.entries]);
    const approvals = JSON.parse(readFileSync(join(unpacked, 'approvals.json'), 'utf8')) as {
      approvals: Array<{ approver: string }>;
    };
    assert.deepEqual(
      approvals.approvals.map((a) => a.approver),
      ['bob'],
    );
    assert.equal(
      (JSON.parse(readFileSync(join(unpacked, 'plan.json'), 'utf8')) as { contentHash: string }).contentHash,
      data.plan!.contentHash,
    );
  });

  it('is what `reclaim report --out DIR --evidence FILE --json` writes', async () => {
    const program = new Command('reclaim').option('-c, --config <file>').exitOverride().addCommand(reportCommand());
    const dir = join(env.dir, 'cli-report');
    const printed: string[] = [];
    const write = process.stdout.write;
    // only the command's text: the test runner's own reports to its parent (binary frames) pass through
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      if (typeof chunk !== 'string') return write.call(process.stdout, chunk, ...(rest as [])) as boolean;
      printed.push(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync([
        'node',
        'reclaim',
        '--config',
        env.configFile,
        'report',
        '--campaign',
        campaignId,
        '--as',
        'carol',
        '--out',
        dir,
        '--evidence',
        join(dir, 'evidence.tar.gz'),
        '--json',
      ]);
    } finally {
      process.stdout.write = write;
    }
    const result = JSON.parse(printed.join('')) as {
      files: { html: string; csv: string };
      evidencePack: { file: string; sha256: string };
    };
    assert.equal(result.files.html, join(dir, 'report.html'));
    const html = readFileSync(result.files.html, 'utf8');
    assert.equal(metrics(html)['enforce-disabled'], '3');
    assert.match(html, /Generated [^ ]+ by carol/);
    assert.equal(
      readFileSync(result.files.csv, 'utf8'),
      readFileSync(join(outDir, 'identities.csv'), 'utf8'),
      'the same CSV as the use case wrote',
    );
    execFileSync('tar', ['-tzf', result.evidencePack.file]);
  });

  it('renders in headless Chromium with no request leaving the page, charts visible (screenshot kept)', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`file://${join(outDir, 'report.html')}`);
      assert.deepEqual(
        requests.filter((u) => !u.startsWith('file://')),
        [],
        'a self-contained report requests nothing',
      );
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
