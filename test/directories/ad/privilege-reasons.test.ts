import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  privilegeReasons,
  type PrivilegedGroup,
  type PrivilegedIndex,
} from '../../../src/directories/ad/privileged-membership.ts';

const da: PrivilegedGroup = {
  dn: 'CN=Domänen-Admins,CN=Users,DC=x',
  sid: 'S-1-5-21-1-2-3-512',
  name: 'Domänen-Admins',
  source: 'RID 512',
};
const admins: PrivilegedGroup = {
  dn: 'CN=Administratoren,CN=Builtin,DC=x',
  sid: 'S-1-5-32-544',
  name: 'Administratoren',
  source: 'SID S-1-5-32-544',
};
const nested = 'CN=Tier0 Ops\\, Paris,OU=G,DC=x';
const index: PrivilegedIndex = {
  roots: [da, admins],
  byGroup: new Map([
    [
      'cn=domänen-admins,cn=users,dc=x',
      [
        { root: da, via: [da.dn] },
        { root: admins, via: [da.dn, admins.dn] },
      ],
    ],
    ['cn=administratoren,cn=builtin,dc=x', [{ root: admins, via: [admins.dn] }]],
    [
      'cn=tier0 ops\\, paris,ou=g,dc=x',
      [
        { root: da, via: [nested, da.dn] },
        { root: admins, via: [nested, da.dn, admins.dn] },
      ],
    ],
  ]),
  byRid: new Map([
    [
      512,
      [
        { root: da, via: [] },
        { root: admins, via: [admins.dn] },
      ],
    ],
  ]),
};

describe('privilegeReasons', () => {
  it('names each privileged root once, with the shortest chain, whatever the localized name', () => {
    const reasons = privilegeReasons(
      index,
      ['CN=Tier0 Ops\\2C Paris,OU=G,DC=x', 'CN=Administratoren,CN=Builtin,DC=x'],
      undefined,
    );
    assert.deepEqual(reasons.map((r) => [r.source, r.via?.length]).sort(), [
      ['RID 512', 2],
      ['SID S-1-5-32-544', 1],
    ]);
  });
  it('counts the primary group (primaryGroupID), which memberOf never lists', () => {
    const reasons = privilegeReasons(index, [], 512);
    assert.deepEqual(reasons.map((r) => r.source).sort(), ['RID 512', 'SID S-1-5-32-544']);
  });
  it('gives an ordinary user no reason (adminCount is not read here: an orphan is not privileged)', () => {
    assert.deepEqual(privilegeReasons(index, ['CN=Staff,DC=x'], 513), []);
  });
});
