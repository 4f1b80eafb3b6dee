// The lab-only sync cycle tells the truth about password hash sync (PHS): it mirrors the Samba
// domain (immutableId = objectGUID, SID), carries a new password hash when unicodePwd's replication
// metadata shows a new write (never because pwdLastSet moved), carries "must change" only together
// with such a change and only with ForcePasswordChangeOnLogOn, writes a synced user's cloud change
// back to AD when writeback is on, and lets a test sign in with a password (ROPC) to see which one
// the cloud accepts. Every verdict here is a real sign-in: the emulator's token endpoint for the
// cloud, kinit for AD. This file creates its own users and deletes them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Attribute, Change, type Client } from 'ldapts';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { readLabInfo, readLabPassword, type LabInfo } from '../../../src/lab/samba/lab-info.ts';
import { openLabClient } from '../../../src/lab/samba/lab-ldap-client.ts';
import { sidToString } from '../../../src/lab/samba/sid-string.ts';
import { kinitSignIn } from '../../directories/ad/support/kinit-sign-in.ts';
import { graph, raw, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

const unicodePwd = (p: string) => Buffer.from(`"${p}"`, 'utf16le') as unknown as string;
const replace = (type: string, value: string) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });
const newPassword = () => `Pw-${randomBytes(6).toString('hex')}-a1!`;

let info: LabInfo;
let ldap: Client;
let emu: RunningGraphEmulator;
const created: string[] = [];

interface Probe {
  sam: string;
  dn: string;
  upn: string;
  password: string;
}

async function probe(label: string, options: { mustChange?: boolean } = {}): Promise<Probe> {
  const sam = `emusync${label}${randomBytes(3).toString('hex')}`;
  const p = { sam, dn: `CN=${sam},CN=Users,${info.baseDn}`, upn: `${sam}@lab.example`, password: newPassword() };
  await ldap.add(p.dn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: sam,
    userPrincipalName: p.upn,
    displayName: `Sync probe ${label}`,
    unicodePwd: unicodePwd(p.password),
    userAccountControl: '512',
    ...(options.mustChange ? { pwdLastSet: '0' } : {}),
  });
  created.push(p.dn);
  return p;
}

/** A cloud sign-in with a password (ROPC, public client): 'OK' or the AADSTS code. */
async function cloud(upn: string, password: string): Promise<string> {
  const app = emu.apps.find((a) => a.name === 'reclaim')!;
  const form = new URLSearchParams({
    client_id: app.clientId,
    grant_type: 'password',
    username: upn,
    password,
    scope: 'https://graph.microsoft.com/User.Read',
  });
  const r = await raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  if (r.status === 200) return 'OK';
  return `AADSTS${(r.body.error_codes as number[])[0]}`;
}

const kinit = (p: Probe, password: string) =>
  kinitSignIn({ krb5Conf: info.krb5Conf, realm: info.realm }, p.sam, password);
const adminReset = async (p: Probe, mustChange: boolean) => {
  const next = newPassword();
  await ldap.modify(p.dn, [
    replace('unicodePwd', unicodePwd(next)),
    ...(mustChange ? [replace('pwdLastSet', '0')] : []),
  ]);
  return next;
};
const sync = () => emu.control.syncFromAd(info);
const feature = (on: boolean) =>
  emu.control.updateSettings({
    dirSync: { enabled: true, passwordSyncEnabled: true, userForcePasswordChangeOnLogonEnabled: on },
  });

before(async () => {
  info = readLabInfo();
  ldap = await openLabClient({
    url: info.dcs[0]!.url,
    caFile: info.caFile,
    bindName: info.admin.upn,
    password: readLabPassword(info.admin),
  });
  emu = await startTestEmulator({ settings: { syncedPasswordPatch: 'cloudOverride' } });
});

after(async () => {
  for (const dn of created) await ldap.del(dn).catch(() => undefined);
  await ldap.unbind();
  await emu.stop();
});

describe('graph emulator: password hash sync from the Samba lab', () => {
  it('mirrors AD users (immutableId = base64(objectGUID), SID) with their AD password, and skips critical system objects', async () => {
    const p = await probe('mirror');
    const report = await sync();
    assert.ok(report.created >= 1, `created ${report.created}`);
    const mirror = emu.control.getUser(p.upn);
    assert.ok(mirror, 'the probe user is in the tenant');
    const { searchEntries } = await ldap.search(p.dn, {
      scope: 'base',
      attributes: ['objectGUID', 'objectSid'],
      explicitBufferAttributes: ['objectGUID', 'objectSid'],
    });
    assert.equal(mirror.props.onPremisesImmutableId, (searchEntries[0]!.objectGUID as Buffer).toString('base64'));
    assert.equal(mirror.props.onPremisesSecurityIdentifier, sidToString(searchEntries[0]!.objectSid as Buffer));
    assert.equal(mirror.props.onPremisesSyncEnabled, true);
    assert.equal(
      mirror.props.passwordPolicies,
      'DisablePasswordExpiration',
      'PHS marks synced passwords as never expiring in the cloud',
    );
    assert.equal(emu.control.getUser('Administrator@lab.example'), undefined);
    assert.equal(emu.control.getUser('krbtgt@lab.example'), undefined);
    assert.equal(await cloud(p.upn, p.password), 'OK', 'the AD password signs in to the cloud');
    assert.equal(await cloud(p.upn, 'Not-The-Password-1'), 'AADSTS50126');
    assert.equal(await cloud(`nobody-${p.sam}@lab.example`, p.password), 'AADSTS50034');
  });

  it('pwdLastSet=0 on the existing password changes nothing in the cloud, even with ForcePasswordChangeOnLogOn: the old password still signs in', async () => {
    const p = await probe('flag');
    await sync();
    feature(true);
    await ldap.modify(p.dn, [replace('pwdLastSet', '0')]);
    const before = emu.control.getUser(p.upn)!;
    const report = await sync();
    const after = emu.control.getUser(p.upn)!;
    assert.equal(after.hidden.forceChangePasswordNextSignIn, false, 'the flag alone is not carried');
    assert.equal(
      after.hidden.passwordChanges,
      before.hidden.passwordChanges,
      'not a password change: unicodePwd was not written',
    );
    assert.equal(after.props.lastPasswordChangeDateTime, before.props.lastPasswordChangeDateTime);
    assert.ok(report.updated >= 1);
    assert.equal(await kinit(p, p.password), 'PASSWORD_MUST_CHANGE', 'AD demands a change');
    assert.equal(await cloud(p.upn, p.password), 'OK', 'the cloud still accepts the old password');
    feature(false);
  });

  it(
    'an AD admin reset with must-change: the next cycle carries the new hash (the old password dies ' +
      'in the cloud) and, with the feature, the must-change',
    async () => {
      feature(true);
      const withFeature = await probe('resetf');
      const without = await probe('reset');
      await sync();
      const t0 = Date.parse(String(emu.control.getUser(withFeature.upn)!.props.lastPasswordChangeDateTime));
      await new Promise((r) => setTimeout(r, 1100));
      const nextF = await adminReset(withFeature, true);
      assert.equal(
        await cloud(withFeature.upn, withFeature.password),
        'OK',
        'before the cycle the cloud still has the old hash',
      );
      await sync();
      assert.equal(
        await cloud(withFeature.upn, withFeature.password),
        'AADSTS50126',
        'the old password no longer signs in',
      );
      assert.equal(await cloud(withFeature.upn, nextF), 'AADSTS50055', 'the new one must be changed first');
      assert.ok(
        Date.parse(String(emu.control.getUser(withFeature.upn)!.props.lastPasswordChangeDateTime)) > t0,
        'Entra shows the newer change',
      );
      feature(false);
      const next = await adminReset(without, true);
      await sync();
      assert.equal(await cloud(without.upn, without.password), 'AADSTS50126');
      assert.equal(
        await cloud(without.upn, next),
        'OK',
        'without the feature the new password signs in to the cloud as it is',
      );
      assert.equal(emu.control.getUser(without.upn)!.hidden.forceChangePasswordNextSignIn, false);
    },
  );

  it('an on-premises change wins over a cloud override on the next cycle; an unchanged password is not carried twice', async () => {
    const p = await probe('override');
    await sync();
    const token = await tokenFor(emu, 'reclaim');
    const patched = await graph(emu, token, 'PATCH', `/users/${p.upn}`, {
      passwordProfile: { password: 'Cloud-Override-9!' },
    });
    assert.equal(patched.status, 204);
    assert.equal(await cloud(p.upn, 'Cloud-Override-9!'), 'OK');
    assert.equal(await cloud(p.upn, p.password), 'AADSTS50126');
    await sync();
    assert.equal(await cloud(p.upn, 'Cloud-Override-9!'), 'OK', 'no new AD write: the override stays');
    const next = await adminReset(p, false);
    await sync();
    assert.equal(await cloud(p.upn, 'Cloud-Override-9!'), 'AADSTS50126');
    assert.equal(await cloud(p.upn, next), 'OK');
    assert.equal(emu.control.getUser(p.upn)!.hidden.cloudPasswordOverride, false);
    const changes = emu.control.getUser(p.upn)!.hidden.passwordChanges;
    await sync();
    assert.equal(emu.control.getUser(p.upn)!.hidden.passwordChanges, changes);
  });

  it('a force-only PATCH on a synced user applies, or is silently ignored (a setting): the flag read back tells which', async () => {
    const p = await probe('force');
    await sync();
    const token = await tokenFor(emu, 'reclaim');
    const read = async () =>
      (await graph(emu, token, 'GET', `/users/${p.upn}?$select=passwordProfile`)).body.passwordProfile
        .forceChangePasswordNextSignIn;
    emu.control.updateSettings({ syncedForceChangePatch: 'ignore' });
    assert.equal(
      (
        await graph(emu, token, 'PATCH', `/users/${p.upn}`, {
          passwordProfile: { forceChangePasswordNextSignIn: true },
        })
      ).status,
      204,
    );
    assert.equal(await read(), false, 'ignored: 204 and nothing changed');
    assert.equal(await cloud(p.upn, p.password), 'OK');
    emu.control.updateSettings({ syncedForceChangePatch: 'apply' });
    assert.equal(
      (
        await graph(emu, token, 'PATCH', `/users/${p.upn}`, {
          passwordProfile: { forceChangePasswordNextSignIn: true, forceChangePasswordNextSignInWithMfa: true },
        })
      ).status,
      204,
    );
    assert.equal(await read(), true);
    assert.equal(await cloud(p.upn, p.password), 'AADSTS50055', 'the old password gets no token until it is changed');
  });

  it(
    "password writeback: a synced user's cloud change reaches AD (Kerberos takes the new password, " +
      'refuses the old); without writeback it is refused',
    async () => {
      const p = await probe('writeback', { mustChange: true });
      await sync();
      assert.equal(
        emu.control.getUser(p.upn)!.hidden.forceChangePasswordNextSignIn,
        true,
        'a new must-change user is provisioned with force-change',
      );
      emu.control.updateSettings({ passwordWriteback: false });
      await assert.rejects(emu.control.userChangesPassword(p.upn, newPassword()), /password writeback is off/);
      emu.control.updateSettings({ passwordWriteback: true });
      const chosen = newPassword();
      await emu.control.userChangesPassword(p.upn, chosen);
      assert.equal(await kinit(p, chosen), 'OK', 'written back to AD');
      assert.equal(await kinit(p, p.password), 'INVALID_CREDENTIALS');
      assert.equal(await cloud(p.upn, chosen), 'OK');
      assert.equal(await cloud(p.upn, p.password), 'AADSTS50126');
      await sync();
      assert.equal(await cloud(p.upn, chosen), 'OK', 'the next cycle carries the same password back');
      emu.control.updateSettings({ passwordWriteback: false });
    },
  );

  it('pass-through authentication: AD decides the cloud sign-in (must change, wrong, disabled)', async () => {
    const p = await probe('pta');
    await sync();
    emu.control.updateSettings({ passThroughDomains: ['lab.example'] });
    try {
      assert.equal(await cloud(p.upn, p.password), 'OK');
      await ldap.modify(p.dn, [replace('pwdLastSet', '0')]);
      assert.equal(await cloud(p.upn, p.password), 'AADSTS50144', 'AD must-change governs the cloud without any sync');
      const next = await adminReset(p, false);
      assert.equal(await cloud(p.upn, p.password), 'AADSTS50126');
      assert.equal(await cloud(p.upn, next), 'OK');
      await ldap.modify(p.dn, [replace('userAccountControl', '514')]);
      assert.equal(await cloud(p.upn, next), 'AADSTS50057');
    } finally {
      emu.control.updateSettings({ passThroughDomains: [] });
    }
  });

  it('a disabled AD account is disabled in the cloud after the cycle; a deleted one leaves the tenant', async () => {
    const p = await probe('gone');
    await sync();
    await ldap.modify(p.dn, [replace('userAccountControl', '514')]);
    await sync();
    assert.equal(emu.control.getUser(p.upn)!.props.accountEnabled, false);
    assert.equal(await cloud(p.upn, p.password), 'AADSTS50057');
    await ldap.del(p.dn);
    await sync();
    assert.equal(emu.control.getUser(p.upn), undefined);
    assert.ok(emu.control.getUser('hybrid.fixture1@lab.example'), 'synthetic fixtures are not touched by the sync');
  });
});
