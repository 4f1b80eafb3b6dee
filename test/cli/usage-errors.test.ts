// The exit-code contract for usage (README "Exit codes"): a usage error at any depth of the
// command tree exits 2 with commander's message naming the problem, the same as at the root;
// --version and help exit 0. Driven through the real CLI (bin/reclaim.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
  });

describe('usage errors exit 2 at every depth', () => {
  const cases: Array<{ args: string[]; says: RegExp }> = [
    { args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
    { args: ['--bogus'], says: /unknown option '--bogus'/ },
    { args: ['status', '--bogus'], says: /unknown option '--bogus'/ },
    { args: ['status', '--campaign'], says: /option '--campaign <id>' argument missing/ },
    { args: ['plan', 'show', '--bogus'], says: /unknown option '--bogus'/ },
    { args: ['plan', 'diff', 'abc'], says: /missing required argument 'b'/ },
    { args: ['plan', 'import'], says: /missing required argument 'file'/ },
    { args: ['operator', 'add', '--role', 'viewer'], says: /missing required argument 'usernames?'/ },
    { args: ['operator', 'add', 'carol'], says: /required option '--role <role>' not specified/ },
    { args: ['operator', 'add', 'carol', '--role', 'king'], says: /argument 'king' is invalid/ },
    { args: ['lab', 'status', '--bogus'], says: /unknown option '--bogus'/ },
    { args: ['pause', 'extra'], says: /too many arguments/ },
  ];
  for (const { args, says } of cases) {
    it(`reclaim ${args.join(' ')}`, () => {
      const run = cli(...args);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, says);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});

describe('--version and help', () => {
  it('--version and -V print the package version and exit 0', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = cli(flag);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, `${version}\n`);
    }
  });

  it("after a command, --version is that command's option (approve --version ID), not Reclaim's", () => {
    const run = cli('-c', 'no-such-config.yaml', 'approve', '--version', 'abc');
    assert.notEqual(
      run.stdout.trim(),
      JSON.parse(readFileSync('package.json', 'utf8')).version,
      'the approval was not swallowed by the version flag',
    );
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /CONFIG_INVALID/);
  });

  it('help of a command at any depth exits 0 and shows its options', () => {
    for (const args of [
      ['help', 'status'],
      ['status', '--help'],
      ['plan', 'show', '--help'],
      ['-c', 'elsewhere.yaml', 'help', 'plan'],
    ]) {
      const run = cli(...args);
      assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /^Usage: reclaim (status|plan show|plan) \[options\]/, args.join(' '));
    }
  });
});
