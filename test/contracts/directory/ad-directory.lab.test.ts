// The Directory contract against a real Samba AD DC, through Reclaim's own service account
// (svc-reclaim, rights delegated on OU=Corp only). Sign-in is checked with kinit: Kerberos refuses a
// previous password at once, where Samba's LDAP binds would still accept it for 60 minutes.
import type { Client } from 'ldapts';
import { createAdDirectory } from '../../../src/app/directories/create-ad-directory.ts';
import {
  adminClient,
  createOu,
  createUser,
  lab,
  labAdConfig,
  treeDelete,
} from '../../directories/ad/support/ad-test-lab.ts';
import { kinitSignIn } from '../../directories/ad/support/kinit-sign-in.ts';
import { directoryContract } from './directory-contract.ts';

directoryContract('Active Directory (Samba 4.17, svc-reclaim)', async () => {
  const info = lab();
  const admin: Client = await adminClient(info);
  const ou = await createOu(admin, `OU=Corp,${info.baseDn}`, 'ad-contract');
  const directory = createAdDirectory(labAdConfig(info, { baseDns: [ou] }));
  const sams = new Map<string, string>();
  let n = 0;
  return {
    directory,
    async createIdentity(options = {}) {
      const uac = 512 | (options.passwordNeverExpires ? 0x10000 : 0) | (options.smartcardRequired ? 0x40000 : 0);
      const names = ['Doe, John', 'Jürgen "J" <Ødegård>', '#a+b;c=d\\e'];
      const user = await createUser(admin, ou, { cn: `${names[n++ % names.length]} ${n}`, uac });
      sams.set(user.guid, user.sam);
      return { ref: { directory: directory.id, key: user.guid, name: user.sam, dn: user.dn }, password: user.password };
    },
    signIn(ref, password) {
      return kinitSignIn({ krb5Conf: info.krb5Conf, realm: info.realm }, sams.get(ref.key) ?? ref.name, password);
    },
    async cleanup() {
      await directory.close();
      await treeDelete(admin, ou);
      await admin.unbind();
    },
  };
});
