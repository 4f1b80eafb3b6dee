// The package a responder installs on a jump host: `npm pack` of a copy of the repository builds
// dist/ (prepack) and packs it; `npm install -g` of that tarball into a fresh prefix, its
// dependencies resolved through a registry (a loopback one serving the locked versions from the
// npm cache: test/support/lockfile-registry.ts), gives a `reclaim` that runs the compiled code
// without tsx or the sources: --version, --help, a SQLite store, argon2 and the console's files.
// Slow (a build and an install), so it is a *.lab.test.ts, outside `npm test -- --unit`.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commandList } from '../../src/cli/command-list.ts';
import { copyRepository, type RepositoryCopy } from '../repository/support/copy-repository.ts';
import { startLockfileRegistry } from '../support/lockfile-registry.ts';

const root = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let dir: string;
let clone: RepositoryCopy | undefined;
let prefix: string;
let installed: string;

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Like run, without blocking this process: the registry npm talks to answers from it. */
function runAsync(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.on('error', reject);
    child.on('close', (status) => resolveRun({ status, output }));
  });
}

// npm and the installed command run without the test runner's NODE_OPTIONS: tsx must not help the
// package start, and npm under tsx deadlocks on Node 20. The loopback guard goes with it, so npm
// and node-gyp get a proxy on a closed loopback port instead (HTTP(S)_PROXY; NO_PROXY lets the
// loopback registry through): any request that is not for 127.0.0.1 fails. prebuild-install
// ignores NO_PROXY, so a .prebuild-installrc above the install tells it to use no proxy: it only
// asks the loopback mirror of registry.env.
const { NODE_OPTIONS: _, ...plainEnv } = process.env;
const deadProxy = 'http://127.0.0.1:9';
const npmEnv = {
  ...plainEnv,
  HTTP_PROXY: deadProxy,
  HTTPS_PROXY: deadProxy,
  http_proxy: deadProxy,
  https_proxy: deadProxy,
  NO_PROXY: '127.0.0.1',
  no_proxy: '127.0.0.1',
};
const npm = (args: string[], options: SpawnSyncOptions = {}) =>
  run('npm', args, { ...options, env: { ...npmEnv, ...options.env } });
const cliEnv = { ...plainEnv, PATH: `${dirname(process.execPath)}:${plainEnv.PATH ?? ''}`, RECLAIM_OPERATOR: 'alice' };
const reclaim = (args: string[]) => run(join(prefix, 'bin', 'reclaim'), args, { env: cliEnv });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reclaim-package-'));
  // packed from a copy of what a commit holds, so no build or file of this working tree leaks in
  clone = copyRepository(root);
  const packed = npm(['pack', '--pack-destination', dir, '--json'], { cwd: clone.root });
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = join(dir, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);

  const npmCache = npm(['config', 'get', 'cache']).stdout.trim();
  const registry = await startLockfileRegistry({
    lockFile: join(root, 'package-lock.json'),
    npmCacheDir: npmCache,
    prebuilt: {
      nodeModules: join(root, 'node_modules'),
      addons: { 'better-sqlite3': 'build/Release/better_sqlite3.node' },
    },
  });
  try {
    prefix = join(dir, 'prefix');
    writeFileSync(join(dir, '.prebuild-installrc'), JSON.stringify({ proxy: '', 'https-proxy': '' }));
    const install = await runAsync(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--registry',
        registry.url,
        '--cache',
        join(dir, 'npm-cache'),
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
        tarball,
      ],
      { ...npmEnv, ...registry.env },
    );
    assert.equal(install.status, 0, install.output);
    assert.ok(
      registry.served.some((s) => s.startsWith('-/prebuilt/better-sqlite3/')),
      `better-sqlite3 got its prebuilt binary: ${registry.served.join(' ')}`,
    );
  } finally {
    await registry.close();
  }
  installed = join(prefix, 'lib', 'node_modules', 'reclaim');
});
after(() => {
  clone?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('the packed tarball, installed with npm install -g', () => {
  it('holds the compiled code and its runtime files, not the sources or the dev tools', () => {
    assert.ok(existsSync(join(installed, 'dist/cli/main.js')));
    assert.ok(existsSync(join(installed, 'dist/web/index.html')), 'the console page is in the package');
    assert.ok(
      existsSync(join(installed, 'examples/notice-templates/reminder.txt')),
      'the default notice templates are in the package',
    );
    assert.ok(
      existsSync(join(installed, 'docs/runbook.md')) && existsSync(join(installed, 'LICENSE')),
      'the runbook and the licence are in the package',
    );
    assert.ok(!existsSync(join(installed, 'src')) && !existsSync(join(installed, 'test')));
    const modules = readdirSync(join(installed, 'node_modules'));
    for (const devOnly of ['tsx', 'typescript', 'esbuild'])
      assert.ok(!modules.includes(devOnly), `${devOnly} is not installed`);
  });

  it('reclaim --version prints the package version; --help lists every command', () => {
    const shown = reclaim(['--version']);
    assert.equal(shown.status, 0, shown.stderr);
    assert.equal(shown.stdout.trim(), version);
    const help = reclaim(['--help']);
    assert.equal(help.status, 0, help.stderr);
    for (const entry of commandList) assert.match(help.stdout, new RegExp(`^  ${entry.name} `, 'm'));
  });

  it('keeps a campaign in a SQLite store, adds a console operator and serves the console', async () => {
    const work = join(dir, 'work');
    mkdirSync(work);
    writeFileSync(join(work, 'key'), 'package-test-key-0123456789abcdef', { mode: 0o600 });
    const config = join(work, 'reclaim.yaml');
    writeFileSync(
      config,
      [
        'campaign: { name: "package test" }',
        `store: { url: "sqlite:${join(work, 'reclaim.sqlite')}" }`,
        'directories:',
        '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1636"], baseDns: ' +
          '["DC=corp,DC=example"], bindDn: "svc@corp.example", password: "env:UNUSED_PASSWORD" }',
        `engine: { passwordKey: "file:${join(work, 'key')}" }`,
      ].join('\n'),
    );
    const triage = reclaim([
      '-c',
      config,
      'triage',
      '--answers',
      join(installed, 'examples/triage-answers.yaml'),
      '--json',
    ]);
    assert.equal(triage.status, 0, triage.stderr);
    const { campaignId } = JSON.parse(triage.stdout) as { campaignId: string };
    const status = reclaim(['-c', config, 'status', '--json']);
    assert.equal(status.status, 0, status.stderr);
    assert.equal((JSON.parse(status.stdout) as { campaignId: string }).campaignId, campaignId);

    const operator = reclaim(['-c', config, 'operator', 'add', 'carol', '--role', 'admin', '--json']);
    assert.equal(operator.status, 0, operator.stderr);

    const serve = spawn(join(prefix, 'bin', 'reclaim'), ['-c', config, 'serve', '--listen', '127.0.0.1:0', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cliEnv,
    });
    try {
      let out = '';
      const url = await new Promise<string>((resolveUrl, reject) => {
        serve.stdout.on('data', (d) => {
          out += String(d);
          const match = /"url": "([^"]+)"/.exec(out);
          if (match) resolveUrl(match[1]!);
        });
        serve.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      const page = await fetch(url);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Reclaim console/);
    } finally {
      serve.kill('SIGTERM');
    }
  });
});
