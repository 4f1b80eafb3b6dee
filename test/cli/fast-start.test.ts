// The kill switch is only as fast as the CLI starts (issue 19: `pause` within 1 s of being typed):
// `pause`, `resume` and `status` load the store and the configuration, but none of the directory
// adapters (ldapts, the Graph client), the console (fastify) or the operator proof (argon2), which
// are most of the CLI's start-up time. A module hook records every module the real CLI resolves;
// `discover` is the control: it loads the adapters, so the hook would see them if they were loaded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-fast-start-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'reclaim.key'), 'fast-start-test-key-0123456789abcdefghijkl', { mode: 0o600 });
const configFile = join(dir, 'reclaim.yaml');
writeFileSync(
  configFile,
  [
    'store: { url: "sqlite:./campaign.sqlite" }',
    'directories:',
    '  - { id: corp-ad, kind: ad, urls: ["ldaps://127.0.0.1:1"], baseDns: ["DC=corp,DC=example"], ' +
      'bindDn: "svc@corp.example", password: "env:RECLAIM_TEST_BIND", connectTimeoutMs: 500 }',
    '  - { id: corp-entra, kind: entra, tenantId: "00000000-0000-0000-0000-000000000001", clientId: "00000000-0000-0000-0000-000000000002", ' +
      'clientSecret: "env:RECLAIM_TEST_BIND", graphBaseUrl: "https://127.0.0.1:1", ' +
      'authorityHost: "https://127.0.0.1:1" }',
    `engine: { passwordKey: "file:${join(dir, 'reclaim.key')}" }`,
  ].join('\n'),
);
writeFileSync(join(dir, 'answers.yaml'), 'indicators:\n  adDatabaseStaged: true\nknownCompromisedAccounts: []\n');

// A module hook (run in Node's hooks thread) that prints every module the CLI resolves.
const hook = `data:text/javascript,${encodeURIComponent(`
  import { register } from 'node:module';
  register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { ' +
    'const r = await next(s, c); process.stderr.write("RESOLVED " + r.url + "\\\\n"); return r; }'));
`)}`;

function loaded(args: string[]): { status: number | null; stdout: string; stderr: string; modules: string[] } {
  const run = spawnSync(
    process.execPath,
    ['--import', hook, join(root, 'bin/reclaim.mjs'), '-c', configFile, ...args],
    {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, RECLAIM_TEST_BIND: 'x', RECLAIM_OPERATOR: 'alice', RECLAIM_OPERATOR_TOKEN: '' },
    },
  );
  return { ...run, modules: [...run.stderr.matchAll(/^RESOLVED (\S+)$/gm)].map((m) => m[1]!) };
}

const heavy = [
  /\/node_modules\/ldapts\//,
  /\/node_modules\/@microsoft\/microsoft-graph-client\//,
  /\/node_modules\/@azure\/identity\//,
  /\/node_modules\/fastify\//,
  /\/node_modules\/argon2\//,
  /\/src\/directories\/(ad|entra)\//,
  /\/src\/server\//,
];
const heavyIn = (modules: string[]) => [
  ...new Set(
    modules.filter((m) => heavy.some((h) => h.test(m))).map((m) => m.replace(/^.*\/(node_modules|src)\//, '')),
  ),
];

describe('fast start of the kill switch', () => {
  it('pause, resume and status engage, release and read the kill switch without loading the directory adapters', () => {
    const triage = spawnSync(
      process.execPath,
      [join(root, 'bin/reclaim.mjs'), '-c', configFile, 'triage', '--answers', 'answers.yaml'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, RECLAIM_OPERATOR: 'alice', RECLAIM_TEST_BIND: 'x' },
      },
    );
    assert.equal(triage.status, 0, triage.stderr);
    const pause = loaded(['pause', '--json']);
    assert.equal(pause.status, 0, pause.stderr);
    assert.equal((JSON.parse(pause.stdout) as { killSwitch: boolean }).killSwitch, true);
    const status = loaded(['status', '--json']);
    assert.equal(status.status, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { killSwitch: { engaged: boolean } }).killSwitch.engaged, true);
    const resume = loaded(['resume', '--yes', '--json']);
    assert.equal(resume.status, 0, resume.stderr);
    assert.equal((JSON.parse(resume.stdout) as { killSwitch: boolean }).killSwitch, false);
    for (const [name, run] of Object.entries({ pause, status, resume })) {
      assert.ok(
        run.modules.some((m) => /\/node_modules\/kysely\//.test(m)),
        `${name}: the hook saw the store load`,
      );
      assert.deepEqual(heavyIn(run.modules), [], `${name} loads none of these`);
    }
  });

  it('the control: discover loads the directory adapters (the hook would see them)', () => {
    const discover = loaded(['discover', '--json']);
    assert.notEqual(discover.status, 0, 'port 1 answers nothing');
    const seen = heavyIn(discover.modules);
    assert.ok(
      seen.some((m) => m.startsWith('ldapts/')),
      seen.join(', '),
    );
    assert.ok(
      seen.some((m) => m.startsWith('directories/entra/')),
      seen.join(', '),
    );
  });
});
