// The Directory contract against the engine tests' in-memory directory: the engine's unit tests
// rely on it behaving as a real directory does (pages, unknown identities, refusals, sign-in).
import { randomUUID } from 'node:crypto';
import { MemoryDirectory } from '../../engine/support/a-memory-directory.ts';
import { directoryContract } from './directory-contract.ts';

directoryContract('in-memory directory (engine tests)', async () => {
  const directory = new MemoryDirectory('memory');
  let n = 0;
  return {
    directory,
    async createIdentity(options = {}) {
      n += 1;
      const key = randomUUID();
      const password = `Initial-${n}-${randomUUID()}`;
      directory.users.set(key, {
        key,
        name: `user${n}`,
        enabled: true,
        mustChange: false,
        passwordLastSetAt: '2025-01-01T00:00:00.000Z',
        password,
        keyVersionNumber: 1,
        passwordNeverExpires: options.passwordNeverExpires === true,
      });
      return { ref: { directory: directory.id, key, name: `user${n}` }, password };
    },
    async signIn(ref, password) {
      return directory.signIn(ref.key, password);
    },
    async cleanup() {
      await directory.close();
    },
  };
});
