// The README's exit-code table, one row per documented code (1 excepted: it is for bugs, and no
// row may produce it), each a real command run as a child process (bin/reclaim.mjs) with --json:
// the exit code, and the error code in the one JSON line it prints on stderr. Services are real
// and on loopback: a SQLite store in a temporary folder, a port held by this test, port 1 where
// nothing listens. test/cli/exit-codes.lab.test.ts adds `verify` (3) against the lab DC.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app/create-app.ts';
import { operatorToken } from '../support/proven-operator.ts';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-exit-codes-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text, { mode: 0o600 });
  return join(dir, name);
};
const key = file('reclaim.key', 'exit-codes-test-key-0123456789abcdefghijkl');
const directory = (url: string) =>
  [
    'directories:',
    `  - { id: corp-ad, kind: ad, urls: ["${url}"], baseDns: ["DC=corp,DC=example"], ` +
      `bindDn: "svc@corp.example", password: "env:RECLAIM_TEST_BIND", connectTimeoutMs: 1000 }`,
    `engine: { passwordKey: "file:${key}" }`,
  ].join('\n');
const config = (name: string, storeUrl: string) =>
  file(name, `store: { url: "${storeUrl}" }\n${directory('ldaps://127.0.0.1:1')}\n`);

const good = config('reclaim.yaml', 'sqlite:./campaign.sqlite');
const noStore = config('no-store.yaml', 'sqlite:./absent.sqlite');
file('not-a-database.sqlite', 'this is not a SQLite database\n'.repeat(200));
const junkStore = config('junk-store.yaml', 'sqlite:./not-a-database.sqlite');
const unreachablePg = config('pg.yaml', 'postgres://reclaim@127.0.0.1:1/reclaim');
const invalid = file('invalid.yaml', `helpdesk: { agents: "five" }\n${directory('ldaps://127.0.0.1:1')}\n`);
const bomb = file(
  'bomb.yaml',
  [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((n, i) => `${n}: &${n} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  ].join('\n'),
);
const huge = file('huge.yaml', `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
const answers = file('answers.yaml', 'indicators:\n  adDatabaseStaged: true\nknownCompromisedAccounts: []\n');
const badAnswers = file('bad-answers.yaml', 'indicators:\n  adDatabaseStaged: maybe\n  colour: blue\n');

let holder: Server;
let heldPort = 0;
let adminToken = '';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  RECLAIM_TEST_BIND: 'x',
  RECLAIM_OPERATOR: 'alice',
  RECLAIM_OPERATOR_TOKEN: '',
  ...extra,
});

function cli(args: string[], extra: Record<string, string> = {}): Run {
  return spawnSync(process.execPath, [join(root, 'bin/reclaim.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env(extra),
  });
}

/** `reclaim worker` interrupted (SIGINT) once it is polling: 130. */
function interruptedWorker(): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin/reclaim.mjs'), '-c', good, 'worker', '--yes', '--json'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: env(),
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      // one Ctrl-C (a second one means "stop at once", and one after the exit kills the process)
      if (!sent && stdout.includes('"type":"idle"')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** The one JSON error line under --json: the last line of stderr. */
function jsonError(run: Run): { error: { code: string; message: string; where: string }; exit: number } {
  const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`the last line of stderr is not JSON: ${run.stderr}`);
  }
}

before(async () => {
  holder = createServer();
  await new Promise<void>((ready) => holder.listen(0, '127.0.0.1', ready));
  heldPort = (holder.address() as { port: number }).port;
  const triage = cli(['-c', good, 'triage', '--answers', answers, '--json']);
  assert.equal(triage.status, 0, triage.stderr);
  const first = cli(['-c', good, 'operator', 'add', 'ada', '--role', 'admin', '--json']);
  assert.equal(first.status, 0, first.stderr);
  const app = createApp({ configFile: good });
  try {
    adminToken = await operatorToken(app, 'ada', 'admin');
    // a broken audit chain: one entry changed after the fact
    const store = await app.store();
    await store.db.updateTable('auditLog').set({ actor: 'mallory' }).where('seq', '=', 1).execute();
  } finally {
    await app.close();
  }
});
after(async () => {
  await new Promise((closed) => holder.close(closed));
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  what: string;
  exit: number;
  code: string;
  run: () => Run | Promise<Run>;
  /** what else must hold (the message names the problem and where it is) */
  check?: (error: { message: string; where: string }, run: Run) => void;
}

const rows: Row[] = [
  {
    what: 'a usage error in a subcommand',
    exit: 2,
    code: 'USAGE_INVALID',
    run: () => cli(['plan', 'show', '--bogus', '--json']),
  },
  {
    what: 'an invalid configuration (the value found is named)',
    exit: 2,
    code: 'CONFIG_INVALID',
    run: () => cli(['-c', invalid, 'status', '--json']),
    check: (e, run) => {
      assert.match(e.where, /invalid\.yaml:1$/);
      assert.match(run.stderr, /helpdesk\.agents: expected a number, found the text \\"five\\"/);
    },
  },
  {
    what: 'a YAML alias bomb',
    exit: 2,
    code: 'CONFIG_INVALID',
    run: () => cli(['-c', bomb, 'config', 'check', '--json']),
    check: (_, run) => assert.match(run.stdout, /alias bomb/),
  },
  {
    what: 'a configuration over 1 MiB',
    exit: 2,
    code: 'CONFIG_INVALID',
    run: () => cli(['-c', huge, 'status', '--json']),
    check: (e) => {
      assert.match(e.message, /huge\.yaml: the config file is larger than its limit of 1 MiB/);
      assert.match(e.where, /huge\.yaml$/);
    },
  },
  {
    what: 'a bad triage answers file (every problem, each with its line)',
    exit: 2,
    code: 'INPUT_INVALID',
    run: () => cli(['-c', good, 'triage', '--answers', badAnswers, '--json']),
    check: (_, run) => {
      assert.match(run.stderr, /bad-answers\.yaml:2: indicators\.adDatabaseStaged: expected yes\/no/);
      assert.match(run.stderr, /bad-answers\.yaml:3: indicators\.colour: unknown question/);
    },
  },
  {
    what: 'no store where the configuration says',
    exit: 2,
    code: 'NOT_FOUND',
    run: () => cli(['-c', noStore, 'status', '--json']),
  },
  {
    what: 'an invalid operator name',
    exit: 2,
    code: 'USAGE_INVALID',
    run: () => cli(['-c', good, 'operator', 'add', 'evil\nconsole.login ok', '--role', 'viewer', '--json']),
  },
  {
    what: 'a duplicate console account',
    exit: 2,
    code: 'ALREADY_EXISTS',
    run: () =>
      cli(['-c', good, 'operator', 'add', 'ada', '--role', 'admin', '--json'], { RECLAIM_OPERATOR_TOKEN: adminToken }),
    check: (e) => assert.match(e.message, /"ada" already exists/),
  },
  {
    what: 'a broken audit chain (finished, something failed)',
    exit: 3,
    code: 'INCOMPLETE',
    run: () => cli(['-c', good, 'audit', 'verify', '--json']),
    check: (e) => assert.match(e.message, /broken at entry 1/),
  },
  {
    what: 'authoring a plan without a proven operator account',
    exit: 4,
    code: 'AUTH_REQUIRED',
    run: () => cli(['-c', good, 'plan', '--json']),
  },
  {
    what: 'a directory-changing command without --yes off a terminal',
    exit: 4,
    code: 'CONFIRMATION_REQUIRED',
    run: () => cli(['-c', good, 'resume', '--json']),
  },
  {
    what: 'an unreachable directory',
    exit: 5,
    code: 'DIRECTORY_UNAVAILABLE',
    run: () => cli(['-c', good, 'discover', '--json']),
    check: (e) => assert.match(e.message, /ldaps:\/\/127\.0\.0\.1:1/),
  },
  {
    what: 'a store file that is not a database',
    exit: 5,
    code: 'STORE_UNAVAILABLE',
    run: () => cli(['-c', junkStore, 'status', '--json']),
    check: (e) => assert.match(e.where, /not-a-database\.sqlite$/),
  },
  {
    what: 'an unreachable PostgreSQL store',
    exit: 5,
    code: 'STORE_UNAVAILABLE',
    run: () => cli(['-c', unreachablePg, 'status', '--json']),
    check: (e) => assert.equal(e.where, 'postgres://reclaim@127.0.0.1:1/reclaim'),
  },
  {
    what: 'a console port already in use',
    exit: 5,
    code: 'ADDRESS_IN_USE',
    run: () => cli(['-c', good, 'serve', '--listen', `127.0.0.1:${heldPort}`, '--json']),
    check: (e) => assert.equal(e.where, `127.0.0.1:${heldPort}`),
  },
  { what: 'an interrupted worker', exit: 130, code: 'INTERRUPTED', run: interruptedWorker },
];

describe('every documented exit code, from a real command', () => {
  it('the rows cover every code of the README table but 1', () => {
    const table = readFileSync(join(root, 'README.md'), 'utf8').split('## Exit codes')[1]?.split('\n## ')[0] ?? '';
    const documented = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    assert.deepEqual(
      documented.filter((code) => code !== 0 && code !== 1 && !rows.some((r) => r.exit === code)),
      [],
      'documented codes without a row',
    );
    assert.deepEqual(
      rows.filter((r) => !documented.includes(r.exit)).map((r) => r.what),
      [],
      'rows with an undocumented code',
    );
  });

  it('0: --version, and a command that succeeds prints its result and no error', () => {
    const version = cli(['--version']);
    assert.equal(version.status, 0, version.stderr);
    const status = cli(['-c', good, 'status', '--json']);
    assert.equal(status.status, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { killSwitch: { engaged: boolean } }).killSwitch.engaged, false);
    assert.equal(status.stderr, '');
  });

  for (const row of rows) {
    it(`${row.exit} ${row.code}: ${row.what}`, async () => {
      const run = await row.run();
      assert.equal(run.status, row.exit, run.stderr);
      const error = jsonError(run);
      assert.equal(error.exit, row.exit);
      assert.equal(error.error.code, row.code, run.stderr);
      assert.ok(error.error.message.length > 0 && error.error.where.length > 0);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      row.check?.(error.error, run);
    });
  }
});
