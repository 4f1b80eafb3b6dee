// A reader slower than the CLI (`reclaim plan export | slow-consumer`): the export is written page
// by page as the pipe drains, and the CLI ends only once everything it wrote has been handed over.
// A 20,000-person plan (several MB) read back through a pipe nobody reads for the first second is
// the stored plan, whole (issue 17: at 200,000 identities the CLI's forced end once cut a
// 30 MB answer short).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { planCampaign } from '../../src/core/planning/plan-campaign.ts';
import { decideTriage } from '../../src/core/triage/decide-triage.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { openStore } from '../../src/store/open-store.ts';
import { planVersionBody } from '../../src/store/plans/read-plan-versions.ts';
import { savePlanVersion } from '../../src/store/plans/save-plan-version.ts';
import { anIdentity, directories, now, settings, sha256 } from '../core/support/an-identity.ts';

let dir: string;
let config: string;
let body: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reclaim-slow-reader-'));
  config = join(dir, 'reclaim.yaml');
  const storeFile = join(dir, 'reclaim.sqlite');
  writeFileSync(
    config,
    [
      'campaign: { name: "slow reader" }',
      `store: { url: "sqlite:${storeFile}" }`,
      'directories:',
      '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1636"], baseDns: ["DC=corp,DC=example"], ' +
        'bindDn: "svc@corp.example", password: "env:UNUSED_PASSWORD" }',
    ].join('\n'),
  );
  const triage = decideTriage(
    { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
    { answeredBy: 'dana', answeredAt: now },
  );
  const plan = planCampaign({
    identities: Array.from({ length: 20_000 }, (_, i) => anIdentity({ name: `person${i}`, department: `D${i % 7}` })),
    triage,
    settings: settings({ guardrails: { blastRadius: 100_000 } }),
    directories,
    startAt: now,
    now,
    hash: sha256,
  });
  const store = await openStore(`sqlite:${storeFile}`);
  try {
    await createCampaign(store, { id: 'c1', name: 'c1', createdBy: 'alice', now: new Date(now) });
    const { versionId } = await savePlanVersion(store, {
      planId: 'c1/plan',
      campaignId: 'c1',
      name: 'plan of c1',
      body: plan,
      createdBy: 'alice',
      now: new Date(now),
    });
    body = (await planVersionBody(store, versionId))!;
  } finally {
    await store.close();
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('a slow reader of a large answer', () => {
  it('gets the whole plan export, as stored, though it starts reading a second late', async () => {
    assert.ok(body.length > 4_000_000, `the plan is ${body.length} characters: far more than a pipe holds`);
    const child = spawn(process.execPath, ['bin/reclaim.mjs', '-c', config, 'plan', 'export', '--campaign', 'c1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdout.pause();
    await sleep(1_000);
    const chunks: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => chunks.push(d));
    child.stdout.resume();
    assert.equal(await exited, 0, stderr);
    const out = Buffer.concat(chunks).toString('utf8');
    assert.ok(out.endsWith('}\n'), `the export ends whole (${out.length} characters arrived)`);
    assert.deepEqual(JSON.parse(out), JSON.parse(body), 'every assignment arrived, as stored');
  });
});
