// The Directory contract against MultiDcAdDirectory over two replicating Samba DCs (their own lab
// folder, 127.0.0.21/22): what almost every real domain runs. Each identity is created on dc1 and
// waited for on dc2 (writes are routed to either); before a sign-in is checked, both replication
// directions are forced, so kinit's answer does not depend on which KDC it asked.
import { readFileSync } from 'node:fs';
import type { Client } from 'ldapts';
import { createMultiDcAdDirectory } from '../../../src/app/directories/create-multi-dc-ad-directory.ts';
import { readLabInfo } from '../../../src/lab/samba/lab-info.ts';
import { multiDcDown } from '../../../src/lab/samba/multi-dc/multi-dc-down.ts';
import { multiDcLab, multiLabDir } from '../../../src/lab/samba/multi-dc/multi-dc-settings.ts';
import { forcePull, multiDcUp } from '../../../src/lab/samba/multi-dc/multi-dc-up.ts';
import {
  adminClient,
  createOu,
  createUser,
  labAdConfig,
  treeDelete,
} from '../../directories/ad/support/ad-test-lab.ts';
import { kinitSignIn } from '../../directories/ad/support/kinit-sign-in.ts';
import { waitUsersEverywhere } from '../../lab/multi-dc/support/wait-users-everywhere.ts';
import { directoryContract } from './directory-contract.ts';

directoryContract('Active Directory over two DCs (MultiDcAdDirectory, Samba 4.17)', async () => {
  const dir = multiLabDir();
  const lab = multiDcLab(dir, 2);
  await multiDcUp(dir, 2, () => undefined);
  const info = readLabInfo(dir);
  const adminPassword = readFileSync(info.admin.passwordFile, 'utf8').trim();
  const [dc1, dc2] = [lab.dcs[0]!, lab.dcs[1]!];
  const admin: Client = await adminClient(info);
  const ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'multi-dc-contract');
  const directory = createMultiDcAdDirectory(labAdConfig(info, { baseDns: [ou] }), { retryDownAfterMs: 500 });
  const sams = new Map<string, string>();
  let created = 0;
  return {
    directory,
    async createIdentity(options = {}) {
      const uac = 512 | (options.passwordNeverExpires ? 0x10000 : 0) | (options.smartcardRequired ? 0x40000 : 0);
      const user = await createUser(admin, ou, { uac });
      created += 1;
      await waitUsersEverywhere(info, ou, created);
      sams.set(user.guid, user.sam);
      return { ref: { directory: directory.id, key: user.guid, name: user.sam, dn: user.dn }, password: user.password };
    },
    signIn(ref, password) {
      forcePull(lab, adminPassword, dc2, dc1);
      forcePull(lab, adminPassword, dc1, dc2);
      return kinitSignIn({ krb5Conf: info.krb5Conf, realm: info.realm }, sams.get(ref.key) ?? ref.name, password);
    },
    async cleanup() {
      await directory.close();
      await treeDelete(admin, ou);
      await admin.unbind();
      await multiDcDown(dir, 2);
    },
  };
});
