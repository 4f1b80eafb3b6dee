// The Directory contract against the Graph emulator, through the Entra connector and the official
// client libraries. Sign-in is a real client's: the password grant through @azure/identity.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createEntraHttpsAgent } from '../../../src/directories/entra/entra-https-agent.ts';
import { directoryContract } from '../../contracts/directory/directory-contract.ts';
import { entraSignIn } from './entra-sign-in.ts';
import { startEntraLab } from './entra-lab-fixture.ts';

directoryContract('Entra ID (Graph emulator, reclaim-privileged app)', async () => {
  const lab = await startEntraLab({});
  const directory = lab.directory(['reclaim-privileged']);
  const upns = new Map<string, string>();
  const agent = createEntraHttpsAgent({ caPem: readFileSync(lab.caFile, 'utf8') });
  const publicApp = lab.emulator.apps.find((a) => a.name === 'reclaim') ?? lab.emulator.apps[0];
  return {
    directory,
    async createIdentity(options = {}) {
      const upn = `contract.${randomUUID().slice(0, 8)}@reclaimlab.onmicrosoft.com`;
      const password = `Ct-${randomUUID().slice(0, 12)}!a9`;
      const [id] = lab.emulator.control.seedUsers([
        {
          userPrincipalName: upn,
          password,
          ...(options.passwordNeverExpires ? { passwordPolicies: 'DisablePasswordExpiration' } : {}),
        },
      ]);
      if (!id) throw new Error('the emulator did not create the identity');
      upns.set(id, upn);
      return { ref: { directory: directory.id, key: id, name: upn }, password };
    },
    signIn(ref, password) {
      return entraSignIn(
        {
          tenantId: lab.emulator.tenantId,
          clientId: publicApp?.clientId ?? '',
          authorityHost: lab.emulator.url,
          agent,
        },
        upns.get(ref.key) ?? ref.name,
        password,
      );
    },
    async cleanup() {
      agent.destroy();
      await lab.stop();
    },
  };
});
