// `reclaim plan import` checks the whole plan before saving anything (src/app/campaign/
// check-imported-plan.ts): a plan the planner made goes through and comes back out of `plan export`
// unchanged, audited as plan.import; a broken one exits 2 (INPUT_INVALID) listing every problem with
// its path, and the store shows no new version, no new audit entry. Driven through the real CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app/create-app.ts';
import { planCampaign } from '../../src/core/planning/plan-campaign.ts';
import type { Plan } from '../../src/core/planning/plan.ts';
import { decideTriage } from '../../src/core/triage/decide-triage.ts';
import { anIdentity, directories, now, settings, sha256 } from '../core/support/an-identity.ts';
import { operatorToken } from '../support/proven-operator.ts';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-plan-import-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'reclaim.key'), 'plan-import-test-key-0123456789abcdefghijkl', { mode: 0o600 });
const configFile = join(dir, 'reclaim.yaml');
writeFileSync(
  configFile,
  [
    'store: { url: "sqlite:./campaign.sqlite" }',
    'directories:',
    '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1"], baseDns: ["DC=corp,DC=example"], bindDn: "svc@corp.example", password: "env:RECLAIM_TEST_BIND" }',
    '  - { id: cloud, kind: entra, tenantId: "00000000-0000-0000-0000-000000000001", clientId: "00000000-0000-0000-0000-000000000002", ' +
      'clientSecret: "env:RECLAIM_TEST_BIND", graphBaseUrl: "https://127.0.0.1:1", ' +
      'authorityHost: "https://127.0.0.1:1" }',
    `engine: { passwordKey: "file:${join(dir, 'reclaim.key')}" }`,
  ].join('\n'),
);
writeFileSync(join(dir, 'answers.yaml'), 'indicators:\n  adDatabaseStaged: true\nknownCompromisedAccounts: []\n');

const plan: Plan = planCampaign({
  identities: [
    anIdentity({ name: 'root-admin', privileged: [{ source: 'RID 512', name: 'Domain Admins' }] }),
    anIdentity({ name: 'alice' }),
    anIdentity({ name: 'bob', department: 'Ops' }),
    anIdentity({ name: 'carol', kind: 'entra' }),
  ],
  triage: decideTriage(
    { indicators: { adDatabaseStaged: { answer: true } }, knownCompromisedAccounts: [] },
    { answeredBy: 'dana', answeredAt: now },
  ),
  settings: settings(),
  directories,
  startAt: now,
  now,
  hash: sha256,
});

const cli = (args: string[], token?: string) =>
  spawnSync(process.execPath, [join(root, 'bin/reclaim.mjs'), '-c', configFile, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      RECLAIM_TEST_BIND: 'x',
      RECLAIM_OPERATOR: 'alice',
      RECLAIM_OPERATOR_TOKEN: token ?? '',
    },
  });

async function token(): Promise<string> {
  const app = createApp({ configFile });
  try {
    return await operatorToken(app, 'alice', 'operator');
  } finally {
    await app.close();
  }
}

async function stored(): Promise<{ versions: number; imports: number }> {
  const app = createApp({ configFile });
  try {
    const db = (await app.store()).db;
    const versions = await db.selectFrom('planVersions').select('id').execute();
    const imports = await db.selectFrom('auditLog').select('seq').where('action', '=', 'plan.import').execute();
    return { versions: versions.length, imports: imports.length };
  } finally {
    await app.close();
  }
}

function planFile(name: string, body: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return file;
}

before(() => {
  const triage = cli(['triage', '--answers', 'answers.yaml']);
  assert.equal(triage.status, 0, triage.stderr);
});

describe('plan import', () => {
  it('a plan the planner made is saved, audited, shown, and exported unchanged', async () => {
    assert.ok(plan.waves.length >= 2 && plan.assignments.length === 4, 'a plan with several waves');
    const run = cli(['plan', 'import', planFile('plan.json', plan), '--json'], await token());
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { created: boolean }).created, true);
    assert.deepEqual(await stored(), { versions: 1, imports: 1 });
    const shown = cli(['plan', 'show']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /4 identities in \d+ waves/);
    const exported = cli(['plan', 'export']);
    assert.equal(exported.status, 0, exported.stderr);
    assert.deepEqual(JSON.parse(exported.stdout), JSON.parse(JSON.stringify(plan)));
  });

  it('a broken plan lists every problem with its path, and nothing is saved', async () => {
    const broken = structuredClone(plan) as Plan & Record<string, unknown>;
    broken.waves[0]!.size = 99;
    (broken.assignments[1] as unknown as Record<string, unknown>).treatment = 'doNothing';
    broken.colour = 'blue';
    const run = cli(['plan', 'import', planFile('broken.json', broken), '--json'], await token());
    assert.equal(run.status, 2, run.stderr);
    const error = JSON.parse(run.stderr.trimEnd().split('\n').at(-1)!) as {
      error: { code: string; details: string[] };
    };
    assert.equal(error.error.code, 'INPUT_INVALID');
    assert.ok(
      error.error.details.some((d) => /^assignments\.1\.treatment: /.test(d)),
      error.error.details.join('\n'),
    );
    assert.ok(
      error.error.details.some((d) => /^colour: unknown field/.test(d)),
      error.error.details.join('\n'),
    );
    assert.deepEqual(await stored(), { versions: 1, imports: 1 });
  });

  it('a plan that does not hold together: waves past the end, a wrong wave number, an unknown directory', async () => {
    const broken = structuredClone(plan);
    broken.waves[0]!.size = 99;
    broken.assignments.at(-1)!.wave = 7;
    broken.assignments[0]!.directory = 'elsewhere';
    const run = cli(['plan', 'import', planFile('inconsistent.json', broken)], await token());
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /error INPUT_INVALID: .*inconsistent\.json: \d+ problems in the plan; nothing was saved/);
    assert.match(run.stderr, /waves\.0\.size: runs past the end of the 4 assignments/);
    assert.match(run.stderr, /assignments\.0\.directory: "elsewhere" is not a configured directory/);
    assert.match(run.stderr, /assignments\.3\.wave: 7, but it is in the range of wave/);
    assert.deepEqual(await stored(), { versions: 1, imports: 1 });
  });

  it('not JSON, or not a plan, is refused with the file named', async () => {
    const notJson = cli(['plan', 'import', planFile('notes.json', 'waves: 1\n'), '--json'], await token());
    assert.equal(notJson.status, 2, notJson.stderr);
    assert.match(notJson.stderr, /"code":"INPUT_INVALID","message":"[^"]*notes\.json: not readable JSON/);
    const notPlan = cli(['plan', 'import', planFile('other.json', { format: 'something-else' })], await token());
    assert.equal(notPlan.status, 2, notPlan.stderr);
    assert.match(notPlan.stderr, /other\.json is not a Reclaim plan/);
    assert.deepEqual(await stored(), { versions: 1, imports: 1 });
  });
});
