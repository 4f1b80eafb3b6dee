// `caFile` alone makes the connector trust a private CA, for the token endpoint and for Graph:
// checked in a child process that has no NODE_EXTRA_CA_CERTS (Node reads it only at start-up).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEntraLab, type EntraLab } from './entra-lab-fixture.ts';

const probe = join(fileURLToPath(new URL('.', import.meta.url)), 'support', 'ca-file-probe.ts');
let lab: EntraLab;
before(async () => {
  lab = await startEntraLab({});
});
after(async () => {
  await lab?.stop();
});

async function runProbe(
  withCaFile: boolean,
): Promise<{ ok: boolean; exists?: boolean; code?: string; message?: string }> {
  const app = lab.emulator.apps.find((a) => a.name === 'reclaim') as { clientId: string; clientSecret: string };
  const config = {
    id: 'probe',
    kind: 'entra',
    tenantId: lab.emulator.tenantId,
    clientId: app.clientId,
    clientSecret: 'env:PROBE_SECRET',
    authorityHost: lab.emulator.url,
    graphBaseUrl: lab.emulator.url,
    ...(withCaFile ? { caFile: lab.caFile } : {}),
    readOnly: true,
    extraApps: [],
    maxConcurrency: 1,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROBE_CONFIG: JSON.stringify(config),
    PROBE_SECRET: app.clientSecret,
    PROBE_USER: lab.emulator.control.listUsers()[0]?.id ?? '',
  };
  delete env.NODE_EXTRA_CA_CERTS;
  const { stdout } = await promisify(execFile)(process.execPath, [probe], { env, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
}

describe('Entra connector: caFile', () => {
  it('with caFile, a process that trusts no extra CA gets a token and reads Graph', async () => {
    assert.deepEqual(await runProbe(true), { ok: true, exists: true });
  });

  it('without it, the same process refuses the certificate with TLS_CERTIFICATE_INVALID', async () => {
    const result = await runProbe(false);
    assert.equal(result.ok, false);
    assert.equal(result.code, 'TLS_CERTIFICATE_INVALID', result.message);
  });
});
