// A hybrid campaign lab: the campaign lab's AD OU (svc-reclaim, its own users) plus a Graph
// emulator started in THIS process from this checkout's code (never the shared lab emulator), whose
// sync scope is that OU, added to reclaim.yaml as an `entra` directory. The CLI runs as a child
// process (spawned asynchronously: the emulator answers it from this process's event loop).
// Sign-in probes: the cloud through the emulator's ROPC token endpoint, AD through kinit and an
// LDAPS simple bind.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { EmulatorSettings } from '../../../src/lab/graph/emulator-settings.ts';
import type { RunningGraphEmulator } from '../../../src/lab/graph/graph-emulator.ts';
import type { SeedUser } from '../../../src/lab/graph/user-record.ts';
import { lab } from '../../directories/ad/support/ad-test-lab.ts';
import { kinitSignIn } from '../../directories/ad/support/kinit-sign-in.ts';
import { ldapBindSignIn } from '../../directories/ad/support/ldap-bind-sign-in.ts';
import { labCaFile, raw, startTestEmulator } from '../../lab/graph/support/emulator-fixture.ts';
import { startCampaignLab, type CampaignLab } from './campaign-lab.ts';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface HybridLab {
  env: CampaignLab;
  emu: RunningGraphEmulator;
  cli(args: string[], options?: { operator?: string; token?: string }): Promise<CliResult>;
  /** one password hash sync cycle of the emulator (Connect's "every 2 minutes") */
  sync(): Promise<void>;
  cloud(upn: string, password: string): Promise<string>;
  kinit(sam: string, password: string): Promise<string>;
  ldap(dn: string, password: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHybridLab(options: {
  users: number;
  settings: Partial<EmulatorSettings>;
  cloudUsers?: SeedUser[];
  readiness: Record<string, unknown>;
  entra?: Record<string, unknown>;
}): Promise<HybridLab> {
  const info = lab();
  const env = await startCampaignLab({ users: options.users });
  const emu = await startTestEmulator({
    timeScale: 1,
    seed: { cloudUsers: 0, syntheticSyncedUsers: false },
    settings: { ...options.settings, syncScope: [env.ouDn] },
  });
  emu.control.seedUsers(options.cloudUsers ?? []);
  const app = emu.apps.find((a) => a.name === 'reclaim')!;
  const secretFile = join(env.dir, 'entra.secret');
  writeFileSync(secretFile, `${app.clientSecret}\n`, { mode: 0o600 });
  const config = parse(readFileSync(env.configFile, 'utf8')) as Record<string, unknown> & { directories: unknown[] };
  config.directories.push({
    id: 'lab-entra',
    kind: 'entra',
    tenantId: emu.tenantId,
    clientId: app.clientId,
    clientSecret: `file:${secretFile}`,
    authorityHost: emu.url,
    graphBaseUrl: emu.url,
    caFile: labCaFile,
    ...options.entra,
  });
  config.readiness = options.readiness;
  writeFileSync(env.configFile, stringify(config));
  return {
    env,
    emu,
    cli: (args, o = {}) =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/reclaim.mjs', '-c', env.configFile, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            RECLAIM_OPERATOR: o.operator ?? 'alice',
            ...(o.token ? { RECLAIM_OPERATOR_TOKEN: o.token } : {}),
          },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('error', reject);
        child.on('close', (status) => resolve({ status: status ?? 1, stdout, stderr }));
      }),
    sync: async () => {
      await emu.control.syncFromAd(info);
    },
    cloud: async (upn, password) => {
      const form = new URLSearchParams({
        client_id: app.clientId,
        grant_type: 'password',
        username: upn,
        password,
        scope: 'https://graph.microsoft.com/User.Read',
      });
      const r = await raw(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      return r.status === 200 ? 'OK' : `AADSTS${(r.body.error_codes as number[])[0]}`;
    },
    kinit: (sam, password) => kinitSignIn({ krb5Conf: info.krb5Conf, realm: info.realm }, sam, password),
    ldap: async (dn, password) => (await ldapBindSignIn(info.dcs[0]!.url, info.caFile, dn, password)).code,
    close: async () => {
      await emu.stop();
      await env.close();
    },
  };
}
