// The krbtgt accounts discovery adds to an OU-scoped stream: those the base DNs do not cover, once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { krbtgtOutsideBaseDns, underBaseDns } from '../../../src/directories/ad/discover-users.ts';
import { anIdentity } from '../../core/support/an-identity.ts';

const krbtgt = {
  ...anIdentity({ name: 'krbtgt', accountType: 'krbtgt', dn: 'CN=krbtgt,CN=Users,DC=lab,DC=example' }),
  keyVersionNumber: 3,
};
const rodc = anIdentity({
  name: 'krbtgt_31337',
  accountType: 'krbtgt',
  dn: 'CN=krbtgt_31337,OU=Branch,OU=Corp,DC=lab,DC=example',
});

describe('krbtgtOutsideBaseDns', () => {
  it('adds the krbtgt accounts an OU scope leaves out, without the key version', () => {
    const out = krbtgtOutsideBaseDns([krbtgt, rodc], ['OU=Corp,DC=lab,DC=example']);
    assert.deepEqual(
      out.map((i) => i.name),
      ['krbtgt'],
    );
    assert.equal('keyVersionNumber' in out[0]!, false);
  });
  it('adds nothing a base DN covers (case and spaces aside), so no account is listed twice', () => {
    assert.deepEqual(krbtgtOutsideBaseDns([krbtgt, rodc], ['dc=LAB, dc=example']), []);
    assert.deepEqual(krbtgtOutsideBaseDns([krbtgt], ['CN=krbtgt,CN=Users,DC=lab,DC=example']).length, 0);
  });
  it('a base DN is not a suffix match of an RDN value', () => {
    assert.equal(underBaseDns('CN=x,OU=NotCorp,DC=lab,DC=example', ['OU=Corp,DC=lab,DC=example']), false);
  });
});
