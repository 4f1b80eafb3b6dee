// The lab-only sync mirrors the Samba domain the way Entra Connect with password hash sync does:
// immutableId is the objectGUID, onPremisesSecurityIdentifier the SID; a later run carries an AD
// password change into lastPasswordChangeDateTime (dropping a cloud override), a disabled account
// into accountEnabled, and a deleted account out of the tenant. This test creates its own user.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Attribute, Change, type Client } from 'ldapts';
import { isoInstant } from '../../../src/lab/graph/emulator-clock.ts';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import { filetimeToMs } from '../../../src/lab/graph/lab-sync.ts';
import { readLabInfo, readLabPassword, type LabInfo } from '../../../src/lab/samba/lab-info.ts';
import { openLabClient } from '../../../src/lab/samba/lab-ldap-client.ts';
import { sidToString } from '../../../src/lab/samba/sid-string.ts';
import { graph, startTestEmulator, tokenFor } from './support/emulator-fixture.ts';

const unicodePwd = (p: string) => Buffer.from(`"${p}"`, 'utf16le') as unknown as string;
const replace = (type: string, value: string) => new Change({ operation: 'replace', modification: new Attribute({ type, values: [value] }) });

let info: LabInfo;
let ldap: Client;
let emu: RunningGraphEmulator;
const sam = `emusync${randomBytes(3).toString('hex')}`;
let dn: string;
const upn = () => `${sam}@lab.example`;

before(async () => {
  info = readLabInfo();
  const dc = info.dcs[0];
  assert.ok(dc);
  ldap = await openLabClient({ url: dc.url, caFile: info.caFile, bindName: info.admin.upn, password: readLabPassword(info.admin) });
  dn = `CN=${sam},CN=Users,${info.baseDn}`;
  await ldap.add(dn, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'], sAMAccountName: sam, userPrincipalName: upn(), displayName: 'Emulator Sync Probe',
    unicodePwd: unicodePwd(`Probe-${randomBytes(6).toString('hex')}-A1!`), userAccountControl: '512',
  });
  emu = await startTestEmulator({ settings: { syncedPasswordPatch: 'cloudOverride' } });
});

after(async () => {
  await ldap.del(dn).catch(() => undefined);
  await ldap.unbind();
  await emu.stop();
});

async function adEntry() {
  const { searchEntries } = await ldap.search(dn, { scope: 'base', attributes: ['objectGUID', 'objectSid', 'pwdLastSet'], explicitBufferAttributes: ['objectGUID', 'objectSid'] });
  const e = searchEntries[0];
  assert.ok(e);
  return { guid: e.objectGUID as Buffer, sid: e.objectSid as Buffer };
}

describe('graph emulator: lab sync from the Samba domain', () => {
  it('mirrors AD users with immutableId = base64(objectGUID) and the SID string, and skips critical system objects', async () => {
    const report = await emu.control.syncFromAd(info);
    assert.ok(report.created >= 2, `created ${report.created}`);
    const mirror = emu.control.getUser(upn());
    assert.ok(mirror, 'the probe user is in the tenant');
    const ad = await adEntry();
    assert.equal(mirror.props.onPremisesImmutableId, ad.guid.toString('base64'));
    assert.equal(mirror.props.onPremisesSecurityIdentifier, sidToString(ad.sid));
    assert.equal(mirror.props.onPremisesSyncEnabled, true);
    assert.equal(mirror.props.onPremisesSamAccountName, sam);
    assert.equal(mirror.props.onPremisesDistinguishedName, dn);
    assert.equal(mirror.props.accountEnabled, true);
    assert.equal(emu.control.getUser('Administrator@lab.example'), undefined);
    assert.equal(emu.control.getUser('krbtgt@lab.example'), undefined);
    const token = await tokenFor(emu, 'reclaim');
    const read = await graph(emu, token, 'GET', `/users/${mirror.id}?$select=id,onPremisesImmutableId,onPremisesSecurityIdentifier,lastPasswordChangeDateTime`);
    assert.equal(read.body.onPremisesImmutableId, ad.guid.toString('base64'));
  });

  it('carries an AD password change and a disable on the next run, and the on-prem password wins over a cloud override', async () => {
    const token = await tokenFor(emu, 'reclaim');
    const patched = await graph(emu, token, 'PATCH', `/users/${upn()}`, { passwordProfile: { password: 'Cloud-Override-9!' } });
    assert.equal(patched.status, 204);
    const before = emu.control.getUser(upn());
    assert.equal(before?.hidden.cloudPasswordOverride, true);
    await new Promise((r) => setTimeout(r, 1100));
    await ldap.modify(dn, [replace('unicodePwd', unicodePwd(`Changed-${randomBytes(6).toString('hex')}-B2!`)), replace('userAccountControl', '514')]);
    const report = await emu.control.syncFromAd(info);
    assert.ok(report.passwordChangesCarried >= 1);
    const after = emu.control.getUser(upn());
    assert.ok(after && before);
    assert.equal(after.hidden.cloudPasswordOverride, false);
    assert.equal(after.props.accountEnabled, false);
    assert.ok(Date.parse(String(after.props.lastPasswordChangeDateTime)) > Date.parse(String(before.props.lastPasswordChangeDateTime)),
      `${String(after.props.lastPasswordChangeDateTime)} after ${String(before.props.lastPasswordChangeDateTime)}`);
    const { searchEntries } = await ldap.search(dn, { scope: 'base', attributes: ['pwdLastSet'] });
    const pwdLastSetMs = filetimeToMs(String(searchEntries[0]?.pwdLastSet));
    assert.ok(pwdLastSetMs !== undefined);
    assert.equal(after.props.lastPasswordChangeDateTime, isoInstant(pwdLastSetMs), 'lastPasswordChangeDateTime is pwdLastSet');
    assert.equal(after.hidden.passwordChanges, before.hidden.passwordChanges + 1);
    const again = await emu.control.syncFromAd(info);
    assert.equal(emu.control.getUser(upn())?.hidden.passwordChanges, after.hidden.passwordChanges, 'an unchanged password is not carried twice');
    assert.equal(again.created, 0);
  });

  it('carries "must change password at next logon" (pwdLastSet=0) only with the ForcePasswordChangeOnLogOn feature', async () => {
    await ldap.modify(dn, [replace('userAccountControl', '512'), replace('pwdLastSet', '0')]);
    await emu.control.syncFromAd(info);
    const without = emu.control.getUser(upn());
    assert.equal(without?.hidden.forceChangePasswordNextSignIn, false);
    assert.equal(without?.props.accountEnabled, true);
    await ldap.modify(dn, [replace('pwdLastSet', '-1')]);
    await emu.control.syncFromAd(info);
    emu.control.updateSettings({ dirSync: { enabled: true, passwordSyncEnabled: true, userForcePasswordChangeOnLogonEnabled: true } });
    await ldap.modify(dn, [replace('pwdLastSet', '0')]);
    await emu.control.syncFromAd(info);
    assert.equal(emu.control.getUser(upn())?.hidden.forceChangePasswordNextSignIn, true);
  });

  it('removes a user deleted in AD on the next run', async () => {
    await ldap.del(dn);
    await emu.control.syncFromAd(info);
    assert.equal(emu.control.getUser(upn()), undefined);
    assert.ok(emu.control.getUser('hybrid.fixture1@lab.example'), 'synthetic fixtures are not touched by the sync');
  });
});
