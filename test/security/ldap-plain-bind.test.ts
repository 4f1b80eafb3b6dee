// The property defended: the AD service account's password never crosses the network in clear,
// for read-only directories too. A simple bind over plain ldap:// sends it as it is; so the config
// refuses ldap:// without StartTLS whatever readOnly says, and the connection code, reached with
// such a config anyway (built in code, not parsed), refuses before opening a socket. A listener on
// 127.0.0.1 stands for the DC and records every byte it receives.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AdDirectoryConfig } from '../../src/app/config/config-schema.ts';
import { checkConfigText, loadConfig } from '../../src/app/config/load-config.ts';
import { Secret } from '../../src/core/secret.ts';
import { createAdDirectory } from '../../src/app/directories/create-ad-directory.ts';
import { openLdapClient } from '../../src/directories/ad/open-ldap-client.ts';

const canary = 'Plain-Bind-Canary-7f3a9c';
const dir = mkdtempSync(join(tmpdir(), 'reclaim-ldap-plain-'));
let dc: Server;
let port = 0;
const connections: Socket[] = [];
let received = Buffer.alloc(0);

before(async () => {
  dc = createServer((socket) => {
    connections.push(socket);
    socket.on('data', (chunk) => (received = Buffer.concat([received, chunk])));
  });
  await new Promise<void>((resolve) => dc.listen(0, '127.0.0.1', resolve));
  port = (dc.address() as { port: number }).port;
});
after(async () => {
  for (const s of connections) s.destroy();
  await new Promise<void>((resolve) => dc.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const config = (lines: string[]) =>
  [
    'directories:',
    '  - id: corp',
    '    kind: ad',
    ...lines,
    '    baseDns: ["DC=corp,DC=example"]',
    '    bindDn: svc-reclaim@corp.example',
    '    password: env:RECLAIM_AD_PASSWORD',
  ].join('\n');

describe('config', () => {
  test('a readOnly directory over plain ldap:// is refused with its path and line', () => {
    const result = checkConfigText(
      config(['    readOnly: true', '    urls: [ldaps://dc1.corp.example, ldap://dc2.corp.example:389]']),
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(
      result.problems.map((p) => [p.path, p.line]),
      [['directories.0.urls.1', 5]],
    );
    assert.match(result.problems[0]!.message, /plain ldap:\/\/ is refused, read-only directories included/);
  });

  test('loadConfig names the file and line', () => {
    const file = join(dir, 'reclaim.yaml');
    writeFileSync(file, config(['    readOnly: true', '    urls: [ldap://dc1.corp.example]']));
    assert.throws(
      () => loadConfig(file),
      (e: Error & { code?: string; details?: string[] }) => {
        assert.equal(e.code, 'CONFIG_INVALID');
        assert.ok(
          e.details?.some((d) => d.startsWith(`${file}:5: directories.0.urls.0: plain ldap://`)),
          String(e.details),
        );
        return true;
      },
    );
  });

  test('ldap:// with startTls: true, and ldaps://, are accepted, read-only or not', () => {
    for (const lines of [
      ['    readOnly: true', '    startTls: true', '    urls: [ldap://dc1.corp.example]'],
      ['    urls: [ldaps://dc1.corp.example]'],
      ['    startTls: true', '    urls: [ldap://dc1.corp.example]'],
    ]) {
      const result = checkConfigText(config(lines));
      assert.equal(result.ok, true, JSON.stringify(result));
    }
  });
});

describe('connection code', () => {
  const adConfig = (overrides: Partial<AdDirectoryConfig>): AdDirectoryConfig => ({
    id: 'corp',
    kind: 'ad',
    urls: [`ldap://127.0.0.1:${port}`],
    startTls: false,
    readOnly: true,
    baseDns: ['DC=corp,DC=example'],
    bindDn: 'svc-reclaim@corp.example',
    password: 'env:RECLAIM_AD_PASSWORD',
    connectTimeoutMs: 2000,
    operationTimeoutMs: 2000,
    pageSize: 100,
    maxConcurrency: 1,
    connections: 1,
    privilegedGroups: [],
    ...overrides,
  });
  const env = { RECLAIM_AD_PASSWORD: canary };

  test('openLdapClient refuses a plain simple bind, read-only too, before opening a socket', async () => {
    const before = connections.length;
    for (const readOnly of [true, false]) {
      await assert.rejects(
        openLdapClient({
          url: `ldap://127.0.0.1:${port}`,
          startTls: false,
          readOnly,
          bindDn: 'svc-reclaim@corp.example',
          password: new Secret(canary),
          connectTimeoutMs: 2000,
          operationTimeoutMs: 2000,
        }),
        (e: Error & { code?: string }) => e.code === 'INSECURE_TRANSPORT' && !e.message.includes(canary),
      );
    }
    assert.equal(connections.length, before, 'the DC saw no connection');
    assert.ok(!received.includes(canary), 'the password never reached the wire');
  });

  test('a read-only AD directory built with ldap:// refuses reads, and the DC receives nothing', async () => {
    const before = connections.length;
    const directory = createAdDirectory(adConfig({}), { env });
    await assert.rejects(
      directory.readCredentialState({ directory: 'corp', key: 'k', name: 'jdoe', dn: 'CN=jdoe,DC=corp,DC=example' }),
      { code: 'INSECURE_TRANSPORT' },
    );
    await directory.close();
    assert.equal(connections.length, before, 'the DC saw no connection');
    assert.ok(!received.includes(canary));
  });

  test('control: with startTls the client does connect, and asks for StartTLS before anything else (no bind in clear)', async () => {
    const before = connections.length;
    received = Buffer.alloc(0);
    const directory = createAdDirectory(adConfig({ startTls: true }), { env });
    // The stand-in DC never answers the StartTLS request: the read fails as unreachable.
    await assert.rejects(
      directory.readCredentialState({ directory: 'corp', key: 'k', name: 'jdoe', dn: 'CN=jdoe,DC=corp,DC=example' }),
    );
    await directory.close();
    assert.ok(
      connections.length > before,
      'the client reached the stand-in DC, so the refusals above were not for want of a listener',
    );
    assert.ok(
      received.includes(Buffer.from('1.3.6.1.4.1.1466.20037')),
      'the first request is the StartTLS extended operation',
    );
    assert.ok(!received.includes(canary), 'the password was not sent before TLS');
  });
});
