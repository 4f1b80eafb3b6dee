// Reaching the DC: encryption is required for every bind, reads included, the certificate is verified, the service
// account's logon failure is its own code, an unreachable DC fails over to the next URL, and a
// write whose answer never comes is OUTCOME_UNKNOWN (and was in fact applied).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import { isReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { IdentityRef } from '../../../src/core/identity.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { ensureLabCa } from '../../../src/lab/tls/lab-ca.ts';
import { adminClient, createOu, createUser, lab, labAdConfig, treeDelete } from './support/ad-test-lab.ts';
import { closedPort, startBlackHole, startFreezableProxy } from './support/freezable-proxy.ts';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (isReclaimError(error)) return error.code;
    throw error;
  }
}

describe('AD transport, logon and timeouts', () => {
  const info = lab();
  const dcPort = Number(new URL(info.dcs[0]!.url).port || 636);
  let admin: Client;
  let ou: string;
  let ref: IdentityRef;

  before(async () => {
    admin = await adminClient(info);
    ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'ad-transport');
    const user = await createUser(admin, ou);
    ref = { directory: 'lab-ad', key: user.guid, name: user.sam, dn: user.dn };
  });
  after(async () => {
    await treeDelete(admin, ou);
    await admin.unbind();
  });

  it('SAFETY: refuses to write over plain ldap:// before connecting', async () => {
    const dir = createAdDirectory(labAdConfig(info, { urls: ['ldap://127.0.0.1:389'] }));
    assert.equal(
      await codeOf(dir.apply({ kind: 'requireChange', directory: 'lab-ad', identity: ref })),
      'INSECURE_TRANSPORT',
    );
    await dir.close();
    assert.equal((await readPwdLastSet()) === '0', false, 'nothing was written');
  });

  it('SAFETY: a read-only plain ldap:// directory is refused too (its bind would send the password in clear)', async () => {
    const dir = createAdDirectory(labAdConfig(info, { urls: ['ldap://127.0.0.1:389'], readOnly: true }));
    assert.equal(await codeOf(dir.readCredentialState(ref)), 'INSECURE_TRANSPORT');
    await dir.close();
  });

  it('StartTLS on 389 reads and writes', async () => {
    const dir = createAdDirectory(labAdConfig(info, { urls: ['ldap://127.0.0.1:389'], startTls: true }));
    assert.equal((await dir.readCredentialState(ref)).exists, true);
    await dir.apply({ kind: 'disable', directory: 'lab-ad', identity: ref });
    assert.equal((await dir.readCredentialState(ref)).enabled, false);
    await dir.apply({ kind: 'enable', directory: 'lab-ad', identity: ref });
    await dir.close();
  });

  it('a DC certificate from another CA is TLS_CERTIFICATE_INVALID', async () => {
    const other = ensureLabCa(mkdtempSync(join(tmpdir(), 'reclaim-other-ca-')), 'Some Other CA');
    const dir = createAdDirectory(labAdConfig(info, { caFile: other.caFile }));
    assert.equal(await codeOf(dir.readCredentialState(ref)), 'TLS_CERTIFICATE_INVALID');
    await dir.close();
  });

  it('a wrong service-account password is SERVICE_ACCOUNT_LOGON_FAILED and the message names no secret', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'reclaim-pw-')), 'pw');
    writeFileSync(file, 'Wrong-Canary-Secret-123', { mode: 0o600 });
    const dir = createAdDirectory(labAdConfig(info, { password: `file:${file}` }));
    try {
      await dir.readCredentialState(ref);
      assert.fail('expected a logon failure');
    } catch (error) {
      assert.ok(isReclaimError(error));
      assert.equal(error.code, 'SERVICE_ACCOUNT_LOGON_FAILED');
      assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes('Wrong-Canary-Secret-123'));
    }
    await dir.close();
  });

  it('an unreachable first DC fails over to the next URL; none reachable is DIRECTORY_UNAVAILABLE', async () => {
    const port = await closedPort();
    const dir = createAdDirectory(labAdConfig(info, { urls: [`ldaps://127.0.0.1:${port}`, info.dcs[0]!.url] }));
    assert.equal((await dir.readCredentialState(ref)).readFrom, info.dcs[0]!.url);
    await dir.close();
    const dead = createAdDirectory(labAdConfig(info, { urls: [`ldaps://127.0.0.1:${port}`] }));
    assert.equal(await codeOf(dead.readCredentialState(ref)), 'DIRECTORY_UNAVAILABLE');
    await dead.close();
  });

  it('readCredentialStateEverywhere reads the same identity from every configured DC URL', async () => {
    const proxy = await startFreezableProxy({ host: '127.0.0.1', port: dcPort });
    const second = `ldaps://127.0.0.1:${proxy.port}`; // a second path to the one lab DC
    const dir = createAdDirectory(labAdConfig(info, { urls: [info.dcs[0]!.url, second] }));
    const states = await dir.readCredentialStateEverywhere(ref);
    await dir.close();
    await proxy.close();
    assert.deepEqual(
      states.map((s) => s.readFrom),
      [info.dcs[0]!.url, second],
    );
    assert.equal(states[0]!.pwdLastSetRaw, states[1]!.pwdLastSetRaw);
    assert.equal(states[0]!.userAccountControl, states[1]!.userAccountControl);
  });

  it('a DC that hangs in the handshake is DIRECTORY_UNAVAILABLE after connectTimeoutMs', async () => {
    const hole = await startBlackHole();
    const dir = createAdDirectory(
      labAdConfig(info, { urls: [`ldaps://127.0.0.1:${hole.port}`], connectTimeoutMs: 300 }),
    );
    assert.equal(await codeOf(dir.readCredentialState(ref)), 'DIRECTORY_UNAVAILABLE');
    await dir.close();
    await hole.close();
  });

  it('a DC that stops answering before the write is DIRECTORY_UNAVAILABLE, and nothing was written', async () => {
    const proxy = await startFreezableProxy({ host: '127.0.0.1', port: dcPort });
    const dir = createAdDirectory(
      labAdConfig(info, { urls: [`ldaps://127.0.0.1:${proxy.port}`], operationTimeoutMs: 1000 }),
    );
    assert.equal((await dir.readCredentialState(ref)).mustChangePassword, false);
    proxy.freeze(0); // the action's first read gets no answer
    assert.equal(
      await codeOf(dir.apply({ kind: 'requireChange', directory: 'lab-ad', identity: ref })),
      'DIRECTORY_UNAVAILABLE',
    );
    await dir.close();
    await proxy.close();
    assert.notEqual(await readPwdLastSet(), '0');
  });

  it('a write whose answer never comes is OUTCOME_UNKNOWN, and the DC did apply it', async () => {
    const proxy = await startFreezableProxy({ host: '127.0.0.1', port: dcPort });
    const dir = createAdDirectory(
      labAdConfig(info, { urls: [`ldaps://127.0.0.1:${proxy.port}`], operationTimeoutMs: 1500 }),
    );
    assert.equal((await dir.readCredentialState(ref)).mustChangePassword, false);
    proxy.freeze(1); // the action's read is answered, its modify reaches the DC, the reply is held
    assert.equal(
      await codeOf(dir.apply({ kind: 'requireChange', directory: 'lab-ad', identity: ref })),
      'OUTCOME_UNKNOWN',
    );
    await dir.close();
    await proxy.close();
    // read back straight from the DC: the "failed" write is there, so the engine must read back, not assume
    let value = await readPwdLastSet();
    for (let i = 0; i < 20 && value !== '0'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      value = await readPwdLastSet();
    }
    assert.equal(value, '0');
  });

  async function readPwdLastSet(): Promise<string> {
    const { searchEntries } = await admin.search(ref.dn!, { scope: 'base', attributes: ['pwdLastSet'] });
    return String(searchEntries[0]!.pwdLastSet);
  }
});
