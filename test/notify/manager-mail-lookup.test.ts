import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { managerMailLookup } from '../../src/notify/manager-mail-lookup.ts';
import { anIdentity } from './support/notice-builders.ts';

describe('manager mail lookup', () => {
  const boss = anIdentity({ name: 'boss', dn: 'CN=Boss,OU=Staff,DC=corp,DC=example' });
  const cloudBoss = anIdentity({ name: 'cboss', directory: 'cloud', kind: 'entra', key: '7a1c-0000' });
  const lookup = managerMailLookup([boss, cloudBoss]);

  it('finds an AD manager by DN (case-insensitive) and an Entra manager by object id, in the same directory only', async () => {
    assert.equal(
      await lookup(anIdentity({ name: 'a', manager: 'cn=boss,ou=staff,dc=corp,dc=example' })),
      'boss@corp.example',
    );
    assert.equal(
      await lookup(anIdentity({ name: 'b', directory: 'cloud', kind: 'entra', manager: '7A1C-0000' })),
      'cboss@corp.example',
    );
    assert.equal(
      await lookup(anIdentity({ name: 'c', directory: 'cloud', manager: 'CN=Boss,OU=Staff,DC=corp,DC=example' })),
      undefined,
    );
    assert.equal(await lookup(anIdentity({ name: 'd' })), undefined);
  });
});
