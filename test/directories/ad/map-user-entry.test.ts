import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outermostBaseDns } from '../../../src/directories/ad/discover-users.ts';
import { accountTypeOf, mapUserEntry } from '../../../src/directories/ad/map-user-entry.ts';
import { encodeGuid, encodeSid } from '../../../src/directories/ad/sid.ts';

const entry = {
  dn: 'CN=Doe\\, John,OU=Sales,OU=Paris,OU=Corp,DC=lab,DC=example',
  objectGUID: Buffer.from(encodeGuid('00112233-4455-6677-8899-aabbccddeeff')),
  objectSid: Buffer.from(encodeSid('S-1-5-21-1-2-3-1105')),
  objectClass: ['top', 'person', 'organizationalPerson', 'user'],
  sAMAccountName: 'jdoe',
  userPrincipalName: 'jdoe@lab.example',
  userAccountControl: String(512 | 0x10000),
  pwdLastSet: '133485408000000000',
  lastLogonTimestamp: '133485408000000000',
  whenCreated: '20240101000000.0Z',
  memberOf: ['CN=Staff,DC=lab,DC=example'],
  servicePrincipalName: 'HTTP/app.lab.example',
  'msDS-UserPasswordExpiryTimeComputed': '9223372036854775807',
  department: 'Sales',
  physicalDeliveryOfficeName: 'Paris 2',
  l: 'Paris',
  adminCount: '1',
};

describe('mapUserEntry', () => {
  it('maps an LDAP entry to an Identity', () => {
    const id = mapUserEntry(entry, 'corp');
    assert.equal(id.key, '00112233-4455-6677-8899-aabbccddeeff');
    assert.equal(id.sid, 'S-1-5-21-1-2-3-1105');
    assert.equal(id.accountType, 'user');
    assert.deepEqual([id.enabled, id.passwordNeverExpires, id.mustChangePassword], [true, true, false]);
    assert.equal(id.passwordLastSetAt, '2024-01-01T00:00:00.000Z');
    assert.equal(id.passwordExpiresAt, null);
    assert.equal(id.createdAt, '2024-01-01T00:00:00.000Z');
    assert.deepEqual(id.servicePrincipalNames, ['HTTP/app.lab.example']);
    assert.deepEqual([id.department, id.office, id.site], ['Sales', 'Paris 2', 'Paris']);
    assert.equal(id.attributes.ou, 'OU=Sales,OU=Paris,OU=Corp,DC=lab,DC=example');
    assert.equal(id.adminCount, 1);
    assert.deepEqual(id.privileged, [], 'adminCount alone is no privilege');
  });
  it('reads pwdLastSet=0 as must-change with no known date', () => {
    const id = mapUserEntry({ ...entry, pwdLastSet: '0' }, 'corp');
    assert.deepEqual([id.mustChangePassword, id.passwordLastSetAt], [true, null]);
  });
  it('tells account types apart', () => {
    assert.equal(
      accountTypeOf(['top', 'user', 'computer', 'msDS-GroupManagedServiceAccount'], 'gmsa$'),
      'groupManagedServiceAccount',
    );
    assert.equal(
      accountTypeOf(['top', 'user', 'computer', 'msDS-ManagedServiceAccount'], 'msa$'),
      'managedServiceAccount',
    );
    assert.equal(accountTypeOf(['top', 'user', 'computer'], 'ws1$'), 'computer');
    assert.equal(accountTypeOf(['top', 'user'], 'krbtgt_12345'), 'krbtgt');
    assert.equal(accountTypeOf(['top', 'user'], 'krbtgtx'), 'user');
  });
});

describe('outermostBaseDns', () => {
  it('drops base DNs inside another one and duplicates', () => {
    assert.deepEqual(outermostBaseDns(['OU=Paris,OU=Corp,DC=x', 'OU=Corp,DC=x', 'ou=corp,dc=x', 'OU=Partner,DC=x']), [
      'OU=Corp,DC=x',
      'OU=Partner,DC=x',
    ]);
  });
});
