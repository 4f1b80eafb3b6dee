// Starts the Graph emulator in-process with the lab CA and builds the Entra connector against it
// from an `entra` config entry, the way the CLI would (secrets through env:, caFile, authority).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntraDirectoryConfig } from '../../../src/app/config/config-schema.ts';
import { createEntraDirectory, type EntraTuning } from '../../../src/app/directories/create-entra-directory.ts';
import type { EntraDirectory } from '../../../src/directories/entra/entra-directory.ts';
import {
  startGraphEmulator,
  type GraphEmulatorOptions,
  type RunningGraphEmulator,
} from '../../../src/lab/graph/graph-emulator.ts';
import { labDir } from '../../../src/lab/samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../../../src/lab/tls/lab-ca.ts';

export interface EntraLab {
  emulator: RunningGraphEmulator;
  caFile: string;
  /** a connector using the named app registrations (the first is primary) */
  directory(
    apps?: string[],
    options?: {
      tuning?: EntraTuning;
      credential?: 'secret' | 'certificate';
      readOnly?: boolean;
      secretOverride?: string;
    },
  ): EntraDirectory;
  stop(): Promise<void>;
}

export async function startEntraLab(options: Omit<GraphEmulatorOptions, 'tls'> = {}): Promise<EntraLab> {
  const ca = ensureLabCa(join(labDir(), 'ca'));
  const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  const emulator = await startGraphEmulator({ ...options, tls: { certPem: cert.certPem, keyPem: cert.keyPem } });
  const tmp = mkdtempSync(join(tmpdir(), 'reclaim-entra-test-'));
  const directories: EntraDirectory[] = [];
  const appByName = (name: string) => {
    const app = emulator.apps.find((a) => a.name === name);
    if (!app) throw new Error(`the emulator has no app ${name} (has ${emulator.apps.map((a) => a.name).join(', ')})`);
    return app;
  };
  return {
    emulator,
    caFile: ca.caFile,
    directory(apps = ['reclaim-privileged'], opts = {}) {
      const env: NodeJS.ProcessEnv = {};
      const appConfig = (name: string, i: number) => {
        const app = appByName(name);
        if (opts.credential === 'certificate') {
          const file = join(tmp, `${name}.pem`);
          writeFileSync(file, `${app.privateKeyPem}\n${app.certificatePem}`, { mode: 0o600 });
          return { clientId: app.clientId, certificateFile: file };
        }
        env[`ENTRA_SECRET_${i}`] = opts.secretOverride ?? app.clientSecret;
        return { clientId: app.clientId, clientSecret: `env:ENTRA_SECRET_${i}` };
      };
      const [primary, ...extra] = apps.map(appConfig);
      const config: EntraDirectoryConfig = {
        id: 'entra-lab',
        kind: 'entra',
        tenantId: emulator.tenantId,
        ...(primary as { clientId: string }),
        authorityHost: emulator.url,
        graphBaseUrl: emulator.url,
        caFile: ca.caFile,
        readOnly: opts.readOnly ?? false,
        extraApps: extra,
        maxConcurrency: 8,
      };
      const directory = createEntraDirectory(config, { env, ...opts.tuning });
      directories.push(directory);
      return directory;
    },
    async stop() {
      await Promise.all(directories.map((d) => d.close()));
      await emulator.stop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
