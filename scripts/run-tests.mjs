#!/usr/bin/env node
// `npm test`: brings up every service the tests need through the project's own scripts
// (scripts/test-services.sh: Samba AD DC, Graph emulator, PostgreSQL, ...), then runs every test
// file with Node's test runner, the loopback guard preloaded in each test process.
//   npm test                    all tests
//   npm test -- --unit          only tests that need no service (not *.lab.test.ts)
//   npm test -- test/store      only the files under a path (services are still brought up)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { trustLabCa } from './trust-lab-ca.mjs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const paths = args.filter((a) => !a.startsWith('--'));

function listTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const roots = paths.length > 0 ? paths.map((p) => resolve(p)) : [join(root, 'test')];
let files = roots.flatMap((p) => (statSync(p).isDirectory() ? listTests(p) : [p])).sort();
if (unitOnly) files = files.filter((f) => !f.endsWith('.lab.test.ts'));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(2);
}

const env = { ...process.env };
if (files.some((f) => f.endsWith('.lab.test.ts'))) {
  const services = spawnSync('bash', [join(root, 'scripts/test-services.sh')], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (services.status !== 0) {
    console.error(`scripts/test-services.sh failed with exit code ${services.status}`);
    process.exit(1);
  }
  // The script prints KEY=VALUE lines for the tests (lab folder, PostgreSQL URL, ...).
  for (const line of services.stdout.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
}

// The lab CA must be trusted from process start (Node reads NODE_EXTRA_CA_CERTS only then).
trustLabCa(env, root);

const tsx = import.meta.resolve('tsx');
const guard = pathToFileURL(join(root, 'test/support/loopback-guard.ts')).href;
env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${tsx} --import=${guard}`.trim();
env.RECLAIM_TEST = '1';

console.error(`running ${files.length} test file(s)`);
process.exit(runFiles(files).status);

function runFiles(list) {
  const run = spawnSync(
    process.execPath,
    [
      '--test',
      '--test-reporter=tap',
      '--test-concurrency=1',
      `--test-timeout=${process.env.RECLAIM_TEST_TIMEOUT_MS ?? 600000}`,
      ...list.map((f) => relative(root, resolve(root, f))),
    ],
    { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 30 },
  );
  const output = run.stdout?.toString() ?? '';
  process.stdout.write(output);
  return { status: run.status ?? 1, output };
}
