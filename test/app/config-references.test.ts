// `reclaim config check` checks what the config points at, not only its shape: each mistake below
// passed it before; now each is reported at once, with its path and line, and the check fails.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkConfigFile } from '../../src/app/config/check-config-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-config-refs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const key = join(dir, 'reclaim.key');
writeFileSync(key, 'a-good-key-0123456789abcdefghijklmnopqrstuvwxyz', { mode: 0o600 });

function config(lines: string[]): string {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

const good = [
  'campaign: { name: test, timezone: Europe/Paris }',
  'directories:',
  '  - id: corp-ad',
  '    kind: ad',
  '    urls: ["ldaps://127.0.0.1:636"]',
  '    baseDns: ["DC=corp,DC=example"]',
  '    bindDn: svc@corp.example',
  '    password: env:RECLAIM_TEST_BIND_PASSWORD',
  `engine: { passwordKey: "file:${key}", writesPerSecond: { corp-ad: 50 } }`,
];

describe('config check: references', () => {
  it('a good config passes', () => {
    assert.deepEqual(checkConfigFile(config(good), { RECLAIM_TEST_BIND_PASSWORD: 'x' }), { ok: true, directories: 1 });
  });

  it(
    'an unset env secret, a missing CA file, an unknown time zone, a bad regex, an unknown groupBy ' +
      'and an unknown directory id are all reported with their lines',
    () => {
      const file = config([
        'campaign: { name: test, timezone: Mars/Olympus }',
        'directories:',
        '  - id: corp-ad',
        '    kind: ad',
        '    urls: ["ldaps://127.0.0.1:636"]',
        '    baseDns: ["DC=corp,DC=example"]',
        '    bindDn: svc@corp.example',
        '    password: env:RECLAIM_TEST_UNSET_VARIABLE',
        `    caFile: ${join(dir, 'no-such-ca.pem')}`,
        'segments: { serviceAccountNamePatterns: ["^svc[-_"] }',
        'waves: { groupBy: departmnet }',
        `engine: { passwordKey: "file:${key}", writesPerSecond: { corp-adx: 50 } }`,
      ]);
      const result = checkConfigFile(file, {});
      assert.equal(result.ok, false);
      const problems = result.ok ? [] : result.problems.map((p) => [p.path, p.line]);
      assert.deepEqual(problems, [
        ['campaign.timezone', 1],
        ['directories.0.password', 8],
        ['directories.0.caFile', 9],
        ['segments.serviceAccountNamePatterns.0', 10],
        ['waves.groupBy', 11],
        ['engine.writesPerSecond.corp-adx', 12],
      ]);
      const text = JSON.stringify(result);
      assert.match(text, /environment variable RECLAIM_TEST_UNSET_VARIABLE is not set/);
      assert.match(text, /unknown time zone \\"Mars\/Olympus\\"/);
    },
  );

  it('schema problems and what the config points at are reported together, in line order', () => {
    const file = config([
      'campaign: { name: test, timezone: Mars/Olympus }',
      'directories:',
      '  - id: corp-ad',
      '    kind: ad',
      '    urls: ["ldaps://127.0.0.1:636"]',
      '    baseDns: ["DC=corp,DC=example"]',
      '    bindDn: svc@corp.example',
      '    password: env:RECLAIM_TEST_UNSET_VARIABLE',
      '    pageSize: lots',
      'waves: { groupBy: departmnet, colour: blue }',
      `engine: { passwordKey: "file:${join(dir, 'no-such-key')}" }`,
    ]);
    const result = checkConfigFile(file, {});
    assert.equal(result.ok, false);
    const problems = result.ok ? [] : result.problems.map((p) => [p.path, p.line]);
    assert.deepEqual(problems, [
      ['campaign.timezone', 1],
      ['directories.0.password', 8],
      ['directories.0.pageSize', 9],
      ['waves.colour', 10],
      ['waves.groupBy', 10],
      ['engine.passwordKey', 11],
    ]);
  });

  it('the CLI exits 2 and prints each problem with file and line, never a secret value', () => {
    const file = config(
      good
        .map((l) => l.replace('env:RECLAIM_TEST_BIND_PASSWORD', `file:${key}`))
        .map((l) => l.replace('Europe/Paris', 'Nowhere/Town')),
    );
    const run = spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', file, 'config', 'check'], { encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1: campaign\\.timezone: unknown time zone`),
    );
    assert.ok(
      !run.stdout.includes('a-good-key') && !run.stderr.includes('a-good-key'),
      'the key value is never printed',
    );
  });
});
