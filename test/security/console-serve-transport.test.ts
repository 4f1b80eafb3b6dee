// The property defended: `reclaim serve` never carries the console's secrets (sign-in passwords,
// session cookies, TAPs, temporary passwords) in clear beyond this machine. Plain HTTP is refused
// on any address but loopback, with exit 2 naming the config file; HTTPS comes from console.tls or
// from a self-signed pair made once (key 0600), reused, whose printed fingerprint is the one served.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { consoleTransport, defaultSelfSignedDir, isLoopbackHost } from '../../src/app/console/console-transport.ts';
import { checkConfigText, loadConfig } from '../../src/app/config/load-config.ts';
import { ensureSelfSignedCertificate } from '../../src/app/tls/self-signed-certificate.ts';
import { httpsRequest } from './support/https-request.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-serve-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'key'), 'serve-tls-test-key-0123456789abcdef', { mode: 0o600 });
const bin = join(process.cwd(), 'bin/reclaim.mjs');

function writeConfig(name: string, extra: string[] = []): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      'campaign: { name: "serve tls test" }',
      `store: { url: "sqlite:${join(dir, `${name}.sqlite`)}" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
      ...extra,
    ].join('\n'),
  );
  return file;
}
const plainConfig = writeConfig('plain.yaml');

/** Starts serve, returns what it printed with --json once it listens, and a stop function. */
async function serve(args: string[]): Promise<{
  result: { url: string; certificateSha256?: string };
  stderr: () => string;
  stop: () => Promise<number | null>;
}> {
  const child = spawn(process.execPath, [bin, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const result = await new Promise<{ url: string; certificateSha256?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed: ${out} ${err}`)), 120_000);
    child.stdout.on('data', (d) => {
      out += String(d);
      try {
        const parsed = JSON.parse(out) as { url: string; certificateSha256?: string };
        clearTimeout(timer);
        resolve(parsed);
      } catch {
        // not the whole document yet
      }
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    result,
    stderr: () => err,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

describe('plain HTTP', () => {
  test('serve on a non-loopback address without console.tls is refused: exit 2, naming the config file, nothing listening', () => {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: had serve tried to listen, it would fail
    // differently (exit 1, EADDRNOTAVAIL) rather than serve anything.
    const run = spawnSync(process.execPath, [bin, '-c', plainConfig, 'serve', '--listen', '192.0.2.1:0'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /INSECURE_TRANSPORT/);
    assert.ok(run.stderr.includes(plainConfig), `the config file is named: ${run.stderr}`);
    assert.match(run.stderr, /console\.tls/);
    assert.equal(run.stdout, '', 'no listening address was printed');
  });

  test('every non-loopback listen address is refused, loopback ones are allowed', () => {
    const config = loadConfig(plainConfig);
    for (const host of [
      '0.0.0.0',
      '::',
      '10.1.2.3',
      '192.168.1.10',
      '128.0.0.1',
      'fe80::1',
      'reclaim.corp.example',
      '::ffff:10.0.0.1',
    ]) {
      assert.throws(
        () => consoleTransport({ config, configFile: plainConfig, host }),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'INSECURE_TRANSPORT', host);
          assert.ok(e.message.startsWith(`${plainConfig}: console.tls`), e.message);
          return true;
        },
      );
    }
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackHost(host), true, host);
      assert.deepEqual(consoleTransport({ config, configFile: plainConfig, host }), {}, host);
    }
  });
});

describe('console.tls', () => {
  test('missing certificate files are config problems with their path and line', () => {
    const text = readFileSync(
      writeConfig('missing.yaml', [
        'console:',
        '  tls:',
        `    certFile: ${join(dir, 'nope-cert.pem')}`,
        `    keyFile: ${dir}`,
      ]),
      'utf8',
    );
    const checked = checkConfigText(text);
    assert.equal(checked.ok, false);
    if (checked.ok) return;
    const byPath = new Map(checked.problems.map((p) => [p.path, p]));
    assert.match(byPath.get('console.tls.certFile')?.message ?? '', /cannot read .*nope-cert\.pem: ENOENT/);
    assert.equal(byPath.get('console.tls.certFile')?.line, 8);
    assert.match(byPath.get('console.tls.keyFile')?.message ?? '', /is not a file/);
    assert.equal(byPath.get('console.tls.keyFile')?.line, 9);
  });

  test("a key that is not the certificate's is refused at start, naming console.tls.keyFile", () => {
    const a = ensureSelfSignedCertificate(join(dir, 'pair-a'), { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const b = ensureSelfSignedCertificate(join(dir, 'pair-b'), { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const file = writeConfig('mismatch.yaml', [
      'console:',
      `  tls: { certFile: "${a.certFile}", keyFile: "${b.keyFile}" }`,
    ]);
    assert.throws(
      () => consoleTransport({ config: loadConfig(file), configFile: file, host: '127.0.0.1' }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.match(e.message, /console\.tls\.keyFile does not load with console\.tls\.certFile/);
        return true;
      },
    );
  });

  test('serve uses the configured pair: the certificate presented is the one in certFile', async () => {
    const pair = ensureSelfSignedCertificate(join(dir, 'configured'), { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const file = writeConfig('configured.yaml', [
      'console:',
      `  tls: { certFile: "${pair.certFile}", keyFile: "${pair.keyFile}" }`,
    ]);
    const running = await serve(['-c', file, 'serve', '--listen', '127.0.0.1:0']);
    try {
      assert.match(running.result.url, /^https:\/\//);
      assert.equal(running.result.certificateSha256, pair.fingerprint256);
      const page = await httpsRequest(`${running.result.url}/api/openapi.json`, { ca: pair.cert });
      assert.equal(page.status, 200);
      assert.equal(page.peerFingerprint256, pair.fingerprint256);
    } finally {
      assert.equal(await running.stop(), 0);
    }
  });
});

describe('serve --self-signed', () => {
  test('makes a pair once (key 0600), serves HTTPS with it, prints its fingerprint, and reuses it on the next start', async () => {
    const certDir = join(dir, 'self-signed');
    const first = await serve(['-c', plainConfig, 'serve', '--listen', '127.0.0.1:0', '--self-signed', certDir]);
    let fingerprint: string;
    try {
      assert.match(first.result.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      fingerprint = first.result.certificateSha256 ?? '';
      assert.match(fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      assert.match(first.stderr(), /made the self-signed certificate/);
      assert.ok(first.stderr().includes(fingerprint), 'the fingerprint is printed for people to compare');
      assert.equal(statSync(join(certDir, 'console-key.pem')).mode & 0o777, 0o600);
      const cert = readFileSync(join(certDir, 'console-cert.pem'));
      const page = await httpsRequest(`${first.result.url}/api/openapi.json`, { ca: cert });
      assert.equal(page.status, 200);
      assert.equal(
        page.peerFingerprint256,
        fingerprint,
        'the certificate served is the one whose fingerprint was printed',
      );
    } finally {
      assert.equal(await first.stop(), 0, first.stderr());
    }
    const second = await serve(['-c', plainConfig, 'serve', '--listen', '127.0.0.1:0', '--self-signed', certDir]);
    try {
      assert.equal(second.result.certificateSha256, fingerprint, 'the same pair is reused');
      assert.match(second.stderr(), /reusing the self-signed certificate/);
    } finally {
      assert.equal(await second.stop(), 0, second.stderr());
    }
  });

  test('a self-signed key readable by others is refused, not served', () => {
    const certDir = join(dir, 'loose');
    const pair = ensureSelfSignedCertificate(certDir, { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    chmodSync(pair.keyFile, 0o644);
    assert.throws(
      () =>
        consoleTransport({
          config: loadConfig(plainConfig),
          configFile: plainConfig,
          host: '127.0.0.1',
          selfSigned: certDir,
        }),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.match(e.message, /readable by group or others/);
        return true;
      },
    );
  });

  test('by default the pair goes beside the SQLite store; with console.tls configured, --self-signed is a usage error', () => {
    assert.equal(defaultSelfSignedDir(loadConfig(plainConfig), plainConfig), join(dir, 'console-tls'));
    const pair = ensureSelfSignedCertificate(join(dir, 'both'), { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
    const file = writeConfig('both.yaml', [
      'console:',
      `  tls: { certFile: "${pair.certFile}", keyFile: "${pair.keyFile}" }`,
    ]);
    assert.throws(
      () => consoleTransport({ config: loadConfig(file), configFile: file, host: '127.0.0.1', selfSigned: true }),
      /--self-signed and console\.tls/,
    );
  });
});
