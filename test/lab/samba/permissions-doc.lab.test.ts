// docs/permissions.md is executable: its `samba-tool dsacl set` line, taken from the document,
// delegates a new account on a new OU of the lab DC, and that account then does every AD write and
// read of a campaign through Reclaim's own adapter (discovery, must change, reset with must change,
// disable, enable, smart-card hash roll, read-back). The same account is refused one OU over, and on
// an attribute the delegation does not name. The document's ACEs are also the lab's own delegation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Attribute, Change, InsufficientAccessError, type Client } from 'ldapts';
import type { ActionKind, ActionParams } from '../../../src/core/action.ts';
import { isReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { Identity, IdentityRef } from '../../../src/core/identity.ts';
import type { Secret } from '../../../src/core/secret.ts';
import type { AdDirectory } from '../../../src/directories/ad/ad-directory.ts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import { uacFlags } from '../../../src/directories/ad/decode-uac.ts';
import { generatePassword } from '../../../src/directories/ad/generate-password.ts';
import { decodeSid } from '../../../src/directories/ad/sid.ts';
import { readLabPassword } from '../../../src/lab/samba/lab-info.ts';
import { openLabClient } from '../../../src/lab/samba/lab-ldap-client.ts';
import { delegationSddl } from '../../../src/lab/samba/operator-account.ts';
import { sambaTool } from '../../../src/lab/samba/run-lab-tool.ts';
import {
  adminClient,
  createOu,
  createUser,
  lab,
  labAdConfig,
  treeDelete,
  type CreatedUser,
} from '../../directories/ad/support/ad-test-lab.ts';

const info = lab();
const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/permissions.md'), 'utf8');

/** The --sddl argument of the document's `samba-tool dsacl set` line, with $SID in it. */
function documentedSddl(): string {
  const sddl = /samba-tool dsacl set [^\n]*--sddl="([^"]+)"/.exec(doc)?.[1];
  assert.ok(sddl, 'docs/permissions.md has no `samba-tool dsacl set ... --sddl="..."` line');
  return sddl;
}
const aces = (sddl: string) => sddl.match(/\([^)]*\)/g) ?? [];

describe('the AD delegation of docs/permissions.md', () => {
  let admin: Client;
  let root: string;
  let scope: string;
  let outside: string;
  let dir: string;
  let probe: CreatedUser;
  let reclaim: AdDirectory;
  const refOf = (u: CreatedUser): IdentityRef => ({ directory: 'lab-ad', key: u.guid, name: u.sam, dn: u.dn });
  const run = (u: CreatedUser, kind: ActionKind, params?: ActionParams, password?: Secret) =>
    reclaim.apply(
      { kind, directory: 'lab-ad', identity: refOf(u), ...(params ? { params } : {}) },
      password ? { password } : {},
    );
  const read = async (u: CreatedUser) => {
    const entry = (await admin.search(u.dn, { scope: 'base', attributes: ['userAccountControl', 'pwdLastSet'] }))
      .searchEntries[0]!;
    return { uac: Number(entry.userAccountControl), pwdLastSet: String(entry.pwdLastSet) };
  };

  before(async () => {
    admin = await adminClient(info);
    root = await createOu(admin, info.baseDn, 'permissions-doc');
    scope = await createOu(admin, root, 'scope');
    outside = await createOu(admin, root, 'outside');
    probe = await createUser(admin, outside);
    dir = mkdtempSync(join(tmpdir(), 'reclaim-permdoc-'));
    writeFileSync(join(dir, 'probe.password'), probe.password, { mode: 0o600 });
    const found = await admin.search(probe.dn, {
      scope: 'base',
      attributes: ['objectSid'],
      explicitBufferAttributes: ['objectSid'],
    });
    const sid = decodeSid(found.searchEntries[0]!.objectSid as Buffer);
    // The document's line, with the lab's DC, administrator and the probe's SID.
    const host = new URL(info.dcs[0]!.url).hostname;
    sambaTool('the delegation of docs/permissions.md', [
      'dsacl',
      'set',
      '-H',
      `ldap://${host}`,
      '-U',
      info.admin.upn,
      `--password=${readLabPassword(info.admin)}`,
      `--objectdn=${scope}`,
      `--sddl=${documentedSddl().replaceAll('$SID', sid)}`,
    ]);
    reclaim = createAdDirectory(
      labAdConfig(info, {
        baseDns: [scope],
        bindDn: `${probe.sam}@${info.realm.toLowerCase()}`,
        password: `file:${join(dir, 'probe.password')}`,
      }),
    );
  });
  after(async () => {
    await reclaim?.close();
    await treeDelete(admin, root);
    await admin.unbind();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('names the same ACEs as the lab delegation (less lockoutTime, which Reclaim does not write)', () => {
    const lab = aces(delegationSddl('SID')).filter((ace) => !ace.includes('28630ebf-41d5-11d1-a9c1-0000f80367c1'));
    assert.deepEqual(aces(documentedSddl().replaceAll('$SID', 'SID')).sort(), lab.sort());
  });

  it('lets the account discover the OU and do every AD write of a campaign through Reclaim, read back', async () => {
    const users = [
      await createUser(admin, scope),
      await createUser(admin, scope, { uac: 512 | uacFlags.DONT_EXPIRE_PASSWORD }),
    ];
    const seen: Identity[] = [];
    for await (const page of reclaim.discover()) seen.push(...page);
    // the domain's krbtgt is discovered whatever the scope (its double reset must never drop out)
    assert.deepEqual(
      seen
        .filter((i) => !/^krbtgt/i.test(i.name))
        .map((i) => i.key)
        .sort(),
      users.map((u) => u.guid).sort(),
    );

    const [plain, neverExpires] = users as [CreatedUser, CreatedUser];
    await run(plain, 'requireChange');
    await run(neverExpires, 'requireChange');
    assert.deepEqual(await read(plain), { uac: 512, pwdLastSet: '0' });
    assert.deepEqual(
      await read(neverExpires),
      { uac: 512, pwdLastSet: '0' },
      'never-expires cleared in the same write',
    );

    const password = generatePassword({ minLength: 24, complexity: true }, (n) => randomBytes(n));
    await run(plain, 'resetPassword', { mustChange: true }, password);
    const bound = await openLabClient({
      url: info.dcs[0]!.url,
      caFile: info.caFile,
      bindName: `${plain.sam}@${info.realm.toLowerCase()}`,
      password: password.reveal(),
    }).then(
      (c) => c.unbind().then(() => 'bound'),
      (error: Error) => error.message,
    );
    assert.match(bound, /data 773/, 'the new password is set and must be changed');

    await run(plain, 'disable');
    assert.equal((await read(plain)).uac & uacFlags.ACCOUNTDISABLE, uacFlags.ACCOUNTDISABLE);
    await run(plain, 'enable');
    assert.equal((await read(plain)).uac & uacFlags.ACCOUNTDISABLE, 0);
    await run(neverExpires, 'rollSmartcardHash');
    assert.equal((await read(neverExpires)).uac & uacFlags.SMARTCARD_REQUIRED, uacFlags.SMARTCARD_REQUIRED);
    const state = await reclaim.readCredentialState(refOf(plain));
    assert.deepEqual([state.exists, state.enabled, state.mustChangePassword], [true, true, true]);
  });

  it('refuses the same account one OU over (INSUFFICIENT_RIGHTS), and on an attribute it does not name', async () => {
    const other = await createUser(admin, outside);
    const before = await read(other);
    await assert.rejects(run(other, 'requireChange'), (e) => isReclaimError(e) && e.code === 'INSUFFICIENT_RIGHTS');
    assert.deepEqual(await read(other), before);
    const target = await createUser(admin, scope);
    const client = await openLabClient({
      url: info.dcs[0]!.url,
      caFile: info.caFile,
      bindName: `${probe.sam}@${info.realm.toLowerCase()}`,
      password: probe.password,
    });
    try {
      const description = new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'description', values: ['x'] }),
      });
      await assert.rejects(client.modify(target.dn, [description]), InsufficientAccessError);
    } finally {
      await client.unbind();
    }
  });
});
