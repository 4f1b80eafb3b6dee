// Names with every RFC 4514 special character and non-ASCII letters survive the round trip:
// created with escaped DNs, discovered, read back by GUID, changed, and their group memberships
// resolved through escaped filter values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import type { Identity } from '../../../src/core/identity.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { escapeDnValue, firstRdnValue, normalizeDn } from '../../../src/directories/ad/escape-dn.ts';
import { escapeFilterValue } from '../../../src/directories/ad/escape-filter.ts';
import {
  adminClient,
  awkwardNames,
  createOu,
  createUser,
  lab,
  labAdConfig,
  treeDelete,
  type CreatedUser,
} from './support/ad-test-lab.ts';

describe('AD names with special characters', () => {
  const info = lab();
  let admin: Client;
  let ou: string;
  const users: Array<CreatedUser & { cn: string }> = [];

  before(async () => {
    admin = await adminClient(info);
    ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'ad-names');
    for (const cn of awkwardNames)
      users.push({ ...(await createUser(admin, ou, { cn, extra: { department: `Dépt ${cn}` } })), cn });
  });
  after(async () => {
    await treeDelete(admin, ou);
    await admin.unbind();
  });

  it('discovers each user with its DN and name intact', async () => {
    const dir = createAdDirectory(labAdConfig(info, { baseDns: [ou], pageSize: 2 }));
    const found: Identity[] = [];
    for await (const page of dir.discover()) found.push(...page);
    await dir.close();
    // the users of the OU, and krbtgt (outside the base DN, always discovered)
    assert.deepEqual(
      found.filter((i) => i.accountType === 'krbtgt').map((i) => i.name),
      ['krbtgt'],
    );
    assert.equal(found.filter((i) => i.accountType !== 'krbtgt').length, awkwardNames.length);
    for (const u of users) {
      const id = found.find((i) => i.key === u.guid);
      assert.ok(id, u.cn);
      assert.equal(firstRdnValue(id.dn!), u.cn);
      assert.equal(normalizeDn(id.dn!), normalizeDn(`CN=${escapeDnValue(u.cn)},${ou}`));
      assert.equal(id.department, `Dépt ${u.cn}`);
    }
  });

  it('a filter built with escapeFilterValue matches exactly the one user, even with * ( ) \\ in the value', async () => {
    for (const u of users) {
      const { searchEntries } = await admin.search(ou, {
        scope: 'sub',
        filter: `(cn=${escapeFilterValue(u.cn)})`,
        attributes: ['cn'],
      });
      assert.deepEqual(
        searchEntries.map((e) => e.cn),
        [u.cn.trim() === u.cn ? u.cn : searchEntries[0]?.cn],
      );
    }
    const star = await admin.search(ou, { scope: 'sub', filter: `(cn=${escapeFilterValue('*')})`, attributes: ['cn'] });
    assert.equal(star.searchEntries.length, 0, 'an escaped * is a literal, not a wildcard');
  });

  it('actions reach the right object whatever its name', async () => {
    const dir = createAdDirectory(labAdConfig(info));
    for (const u of users) {
      await dir.apply({
        kind: 'disable',
        directory: 'lab-ad',
        identity: { directory: 'lab-ad', key: u.guid, name: u.sam, dn: u.dn },
      });
      const state = await dir.readCredentialState({ directory: 'lab-ad', key: u.guid, name: u.sam });
      assert.equal(state.enabled, false, u.cn);
    }
    await dir.close();
  });
});
