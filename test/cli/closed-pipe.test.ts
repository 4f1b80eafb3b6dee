// A reader that goes away (`reclaim plan show --dry-run | head -1`) closes the pipe under the CLI.
// The EPIPE that follows is not an error: no stack trace, the exit code the command would have had,
// and the command still completes (a pause whose output nobody reads still engages the kill switch).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

let dir: string;
let config: string;
const env = { ...process.env, RECLAIM_OPERATOR: 'alice' };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'reclaim-pipe-'));
  config = join(dir, 'reclaim.yaml');
  writeFileSync(
    config,
    [
      'campaign: { name: "closed pipe" }',
      `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1636"], baseDns: ["DC=corp,DC=example"], ' +
        'bindDn: "svc@corp.example", password: "env:UNUSED_PASSWORD" }',
    ].join('\n'),
  );
  const triage = spawnSync(
    process.execPath,
    ['bin/reclaim.mjs', '-c', config, 'triage', '--answers', 'examples/triage-answers.yaml', '--json'],
    { encoding: 'utf8', env },
  );
  assert.equal(triage.status, 0, triage.stderr);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with its stdout pipe closed by the reader before the first byte is written. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/reclaim.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout pipe', () => {
  it('--help ends quietly with 0', async () => {
    const run = await withClosedStdout(['--help']);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
  });

  it('pause ends quietly with 0 and the kill switch is engaged all the same', async () => {
    const run = await withClosedStdout(['-c', config, 'pause', '--reason', 'pipe test', '--json']);
    assert.doesNotMatch(run.stderr, /EPIPE|\n\s+at /);
    assert.equal(run.code, 0, run.stderr);
    const status = spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', config, 'status', '--json'], {
      encoding: 'utf8',
      env,
    });
    assert.equal(status.status, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { killSwitch: { engaged: boolean } }).killSwitch.engaged, true);
  });
});
