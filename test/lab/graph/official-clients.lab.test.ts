// The official clients Reclaim builds on work against the emulator as they do against Entra
// (graph.md B1, B2): @azure/identity 4.13.1 with a client secret and with a certificate (PS256
// assertion, no instance discovery), then @microsoft/microsoft-graph-client 3.0.7 paging,
// retrying a 429 after Retry-After, mapping a 403 to GraphError and reading a batch. They run in a
// child process that trusts the lab CA through NODE_EXTRA_CA_CERTS, as production would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { labCaFile, startTestEmulator } from './support/emulator-fixture.ts';

const probe = resolve(fileURLToPath(import.meta.url), '../support/official-clients-probe.ts');
let emu: RunningGraphEmulator;
let result: any;
const dir = mkdtempSync(join(tmpdir(), 'reclaim-official-clients-'));

before(async () => {
  emu = await startTestEmulator();
  const app = emu.apps.find((a) => a.name === 'reclaim');
  assert.ok(app);
  const pemFile = join(dir, 'reclaim.pem');
  writeFileSync(pemFile, `${app.privateKeyPem}\n${app.certificatePem}`, { mode: 0o600 });
  emu.control.injectFault({ method: 'PATCH', path: '^/users/cloud\\.user020', status: 429, retryAfterSeconds: 1 });
  const config = {
    url: emu.url,
    tenantId: emu.tenantId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    pemFile,
  };
  const tsx = (process.env.NODE_OPTIONS ?? '').includes('tsx') ? [] : ['--import', import.meta.resolve('tsx')];
  // spawnSync would block the in-process emulator: run the child asynchronously.
  result = await new Promise((resolveRun, reject) => {
    execFile(
      process.execPath,
      [...tsx, probe, JSON.stringify(config)],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: labCaFile }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolveRun(JSON.parse(line));
        } catch {
          reject(new Error(`probe failed: ${error?.message ?? ''}\n${stderr}`));
        }
      },
    );
  });
});
after(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('graph emulator with the official clients', () => {
  it('ran the probe to the end', () => {
    assert.equal(result.failed, undefined, result.failed);
  });

  it('@azure/identity gets tokens with a client secret and with a certificate, refuses a wrong secret, and never asks for instance discovery', () => {
    assert.equal(result.secretTokenParts, 3);
    assert.equal(result.certTokenParts, 3);
    assert.match(result.wrongSecretError, /AADSTS7000215/);
    assert.ok(!emu.control.requestLog().some((e) => e.path.includes('discovery/instance')));
  });

  it('PageIterator visits every user once, following @odata.nextLink', () => {
    assert.equal(result.pagedIds.length, emu.control.listUsers().length);
    assert.equal(new Set(result.pagedIds).size, result.pagedIds.length);
  });

  it('RetryHandler retries the injected 429 and the write lands once; a 403 becomes GraphError Authorization_RequestDenied', () => {
    const statuses = emu.control
      .requestLog()
      .filter((e) => e.method === 'PATCH' && e.path.startsWith('/users/cloud.user020'))
      .map((e) => e.status);
    assert.deepEqual(statuses, [429, 204]);
    assert.equal(
      emu.control.getUser('cloud.user020@reclaimlab.onmicrosoft.com')?.hidden.forceChangePasswordNextSignIn,
      true,
    );
    assert.deepEqual(result.forbidden, { statusCode: 403, code: 'Authorization_RequestDenied' });
  });

  it('BatchResponseContent parses item bodies (the emulator spells `Content-Type` as it must)', () => {
    assert.deepEqual(result.batch, { status1: 200, upn1: 'cloud.user001@reclaimlab.onmicrosoft.com', status2: 404 });
  });
});
