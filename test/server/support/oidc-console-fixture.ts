// A console fixture with OIDC sign-in configured against a real test OpenID provider on loopback,
// the client secret in a 0600 file, and OIDC allowed for the named operator accounts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setOperatorOidcAccess } from '../../../src/app/console/set-operator-oidc-access.ts';
import type { ConsoleServerOptions } from '../../../src/server/create-console-server.ts';
import { startConsoleFixture, type ConsoleFixture } from './console-fixture.ts';
import { startTestOidcProvider, type TestOidcProvider } from './test-oidc-provider.ts';

export interface OidcConsole {
  idp: TestOidcProvider;
  f: ConsoleFixture;
  close(): Promise<void>;
}

/** `redirectUrl` must be known to the provider before the console listens; `allowed` get OIDC; `options` go to the console server. */
export async function startOidcConsole(
  redirectUrl: string,
  allowed: readonly string[],
  options: Partial<ConsoleServerOptions> = {},
): Promise<OidcConsole> {
  const idp = await startTestOidcProvider({ redirectUrl });
  const secretDir = mkdtempSync(join(tmpdir(), 'reclaim-oidc-'));
  writeFileSync(join(secretDir, 'client-secret'), idp.clientSecret, { mode: 0o600 });
  // The fixture's clock stands still between sign-ins: the per-address limit is not under test here.
  const f = await startConsoleFixture({ loginsPerMinute: 10_000, ...options }, [
    'console:',
    `  oidc: { issuer: "${idp.issuer}", clientId: ${idp.clientId}, clientSecret: "file:${join(secretDir, 'client-secret')}", redirectUrl: "${redirectUrl}" }`,
  ]);
  for (const username of allowed) await setOperatorOidcAccess(f.app, { username, enabled: true });
  return {
    idp,
    f,
    close: async () => {
      await f.close();
      await idp.close();
      rmSync(secretDir, { recursive: true, force: true });
    },
  };
}
