// A privileged group named in config (privilegedGroups) counts like a well-known one, through
// nested groups whose names need escaping in filters: `(memberOf=CN=Ops \28Paris\29\5c, *...)`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'ldapts';
import type { Identity } from '../../../src/core/identity.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { escapeDnValue, normalizeDn } from '../../../src/directories/ad/escape-dn.ts';
import { membersInChain } from '../../../src/directories/ad/privileged-membership.ts';
import { adminClient, createOu, createUser, lab, labAdConfig, treeDelete, uniqueSam } from './support/ad-test-lab.ts';

describe('AD privileged groups from config', () => {
  const info = lab();
  let admin: Client;
  let ou: string;
  let top: string;
  let middle: string;
  let inner: string;

  before(async () => {
    admin = await adminClient(info);
    ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'ad-groups');
    const group = async (cn: string, members: string[]) => {
      const dn = `CN=${escapeDnValue(cn)},${ou}`;
      await admin.add(dn, {
        objectClass: ['top', 'group'],
        sAMAccountName: uniqueSam('g'),
        ...(members.length ? { member: members } : {}),
      });
      return dn;
    };
    const direct = await createUser(admin, ou, { cn: 'Direct member' });
    const deep = await createUser(admin, ou, { cn: 'Deep, member (Ü)' });
    await createUser(admin, ou, { cn: 'Not a member' });
    inner = await group('Ops (Paris)\\, *inner*', [deep.dn]);
    middle = await group('Middle #2 + "x"', [inner]);
    top = await group('Payments Admins', [middle, direct.dn]);
  });
  after(async () => {
    await treeDelete(admin, ou);
    await admin.unbind();
  });

  it('marks direct and nested members with source config-group and the chain, and agrees with the in-chain rule', async () => {
    const dir = createAdDirectory(labAdConfig(info, { baseDns: [ou], privilegedGroups: [top] }));
    const found: Identity[] = [];
    for await (const page of dir.discover()) found.push(...page);
    await dir.close();
    const byCn = (cn: string) => found.find((i) => i.dn?.startsWith(`CN=${escapeDnValue(cn)},`))!;
    const direct = byCn('Direct member').privileged.find((r) => r.source === 'config-group');
    const deep = byCn('Deep, member (Ü)').privileged.find((r) => r.source === 'config-group');
    assert.deepEqual(direct?.via?.map(normalizeDn), [normalizeDn(top)]);
    assert.deepEqual(deep?.via?.map(normalizeDn), [inner, middle, top].map(normalizeDn));
    assert.equal(byCn('Not a member').privileged.length, 0);
    const server = (await membersInChain(admin, ou, top))
      .map(normalizeDn)
      .filter((dn) => found.some((i) => normalizeDn(i.dn!) === dn));
    const code = found
      .filter((i) => i.privileged.some((r) => r.source === 'config-group'))
      .map((i) => normalizeDn(i.dn!));
    assert.deepEqual(code.sort(), server.sort());
  });
});
