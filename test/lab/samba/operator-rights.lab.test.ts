// svc-reclaim, Reclaim's own service account, may reset users in the main tree (OU=Corp) and is
// refused in the second tree (OU=Partner): the delegation is real, not a domain admin's power.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Attribute, Change, Control, InsufficientAccessError, type Client } from 'ldapts';
import { readLabInfo, readLabPassword } from '../../../src/lab/samba/lab-info.ts';
import { openLabClient, values } from '../../../src/lab/samba/lab-ldap-client.ts';

const info = readLabInfo();
const dc = info.dcs[0]!;
const tag = `rights-${process.pid}-${randomBytes(3).toString('hex')}`;
const pw = () => `${randomBytes(12).toString('base64url')}-Aa1`;
const unicodePwd = (p: string) => Buffer.from(`"${p}"`, 'utf16le');
const replace = (type: string, ...vals: (string | Buffer)[]) =>
  new Change({ operation: 'replace', modification: new Attribute({ type, values: vals as string[] }) });

let admin: Client;
let operator: Client;
const ous = [`OU=${tag},OU=Corp,${info.baseDn}`, `OU=${tag},OU=Partner,${info.baseDn}`];

before(async () => {
  admin = await openLabClient({
    url: dc.url,
    caFile: info.caFile,
    bindName: info.admin.upn,
    password: readLabPassword(info.admin),
  });
  operator = await openLabClient({
    url: dc.url,
    caFile: info.caFile,
    bindName: info.operator.upn,
    password: readLabPassword(info.operator),
  });
  for (const ou of ous) {
    await admin.add(ou, { objectClass: ['top', 'organizationalUnit'] });
    await admin.add(`CN=target,${ou}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: `${tag.slice(0, 12)}${ou.includes('Corp') ? 'c' : 'p'}`.slice(0, 20),
      userAccountControl: '512',
      unicodePwd: unicodePwd(pw()) as unknown as string,
    });
  }
});

after(async () => {
  for (const ou of ous)
    await admin.del(ou, new Control('1.2.840.113556.1.4.805', { critical: true })).catch(() => undefined);
  await admin.unbind();
  await operator.unbind();
});

test('svc-reclaim is not a member of any admin group', async () => {
  const { searchEntries } = await admin.search(info.operator.dn, {
    scope: 'base',
    attributes: ['memberOf', 'adminCount'],
  });
  assert.deepEqual(values(searchEntries[0]?.memberOf), []);
  assert.deepEqual(values(searchEntries[0]?.adminCount), []);
});

test('svc-reclaim resets a password and forces a change in the main tree (OU=Corp)', async () => {
  const dn = `CN=target,${ous[0]}`;
  await operator.modify(dn, [replace('unicodePwd', unicodePwd(pw())), replace('pwdLastSet', '0')]);
  await operator.modify(dn, [replace('userAccountControl', '514')]);
  await operator.modify(dn, [replace('lockoutTime', '0')]);
  const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['pwdLastSet', 'userAccountControl'] });
  assert.equal(searchEntries[0]?.pwdLastSet, '0');
  assert.equal(searchEntries[0]?.userAccountControl, '514');
});

test('svc-reclaim gets insufficient access in the second tree (OU=Partner)', async () => {
  const dn = `CN=target,${ous[1]}`;
  await assert.rejects(operator.modify(dn, [replace('unicodePwd', unicodePwd(pw()))]), InsufficientAccessError);
  await assert.rejects(operator.modify(dn, [replace('pwdLastSet', '0')]), InsufficientAccessError);
  const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['pwdLastSet'] });
  assert.notEqual(searchEntries[0]?.pwdLastSet, '0');
});

test('svc-reclaim cannot write attributes it was not delegated (description) even in OU=Corp', async () => {
  await assert.rejects(operator.modify(`CN=target,${ous[0]}`, [replace('description', 'x')]), InsufficientAccessError);
});

test('svc-reclaim has no right on krbtgt (outside its scope, in CN=Users): a reset is refused and the key does not move', async () => {
  const krbtgt = `CN=krbtgt,CN=Users,${info.baseDn}`;
  const kvno = async () =>
    (await admin.search(krbtgt, { scope: 'base', attributes: ['msDS-KeyVersionNumber'] })).searchEntries[0]?.[
      'msDS-KeyVersionNumber'
    ];
  const before = await kvno();
  await assert.rejects(operator.modify(krbtgt, [replace('unicodePwd', unicodePwd(pw()))]), InsufficientAccessError);
  assert.equal(await kvno(), before);
});
