// A campaign on the Graph emulator for end-to-end tests and benchmarks, set up the way an operator
// would: a reclaim.yaml naming the Entra tenant (the emulator, in this process, trusted through the
// lab CA; secrets and the password key in 0600 files), `users` seeded cloud users in scope (the
// emulator's fixed users are listed under protected.identities, so the campaign is exactly them),
// then triage, discover, a plan by a proven author and approvals by two other proven operators.
// `reclaim run` (or a runner child process) then runs it with the default engine settings.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { approvePlan } from '../../../src/app/campaign/approve-plan.ts';
import { discoverDirectories } from '../../../src/app/campaign/discover-directories.ts';
import { importPlan, makePlan, savedPlan } from '../../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../../src/app/campaign/record-triage.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { parseTriageAnswersFile } from '../../../src/app/triage/parse-triage-answers.ts';
import type { Plan } from '../../../src/core/planning/plan.ts';
import {
  startGraphEmulator,
  type GraphEmulatorOptions,
  type RunningGraphEmulator,
} from '../../../src/lab/graph/graph-emulator.ts';
import { labDir } from '../../../src/lab/samba/lab-info.ts';
import { ensureLabCa, issueServerCert } from '../../../src/lab/tls/lab-ca.ts';
import { proven } from '../../support/proven-operator.ts';

export interface EntraCampaignLab {
  emulator: RunningGraphEmulator;
  dir: string;
  configFile: string;
  caFile: string;
  keyFile: string;
  /** the seeded users in scope: id and user principal name */
  users: Array<{ id: string; upn: string }>;
  app(operator: string): App;
  /** a new campaign with its plan (made once, imported for later campaigns), approved by two others */
  approvedCampaign(): Promise<{ campaignId: string; plan: Plan }>;
  close(): Promise<void>;
}

export interface EntraCampaignOptions {
  users: number;
  /** the app registrations Reclaim writes with (the first is primary); default one, reclaim-privileged */
  apps?: string[];
  leaseSeconds?: number;
  emulator?: Omit<GraphEmulatorOptions, 'tls' | 'seed'>;
  prefix?: string;
}

export async function startEntraCampaignLab(options: EntraCampaignOptions): Promise<EntraCampaignLab> {
  const ca = ensureLabCa(join(labDir(), 'ca'));
  const cert = issueServerCert(ca, 'graph', { dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  const emulator = await startGraphEmulator({
    ...options.emulator,
    tls: { certPem: cert.certPem, keyPem: cert.keyPem },
    seed: { cloudUsers: 0, syntheticSyncedUsers: false },
  });
  const fixed = emulator.control.listUsers().map((u) => String(u.props.userPrincipalName));
  const prefix = options.prefix ?? 'camp';
  const upns = Array.from({ length: options.users }, (_, i) => `${prefix}.user${i}@reclaimlab.onmicrosoft.com`);
  const ids = emulator.control.seedUsers(upns.map((userPrincipalName) => ({ userPrincipalName })));
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-entra-e2e-'));
  const keyFile = join(dir, 'password-key');
  writeFileSync(keyFile, `entra-e2e-${Math.random().toString(36).slice(2)}-0123456789abcdefghijklmnop`, {
    mode: 0o600,
  });
  const appNames = options.apps ?? ['reclaim-privileged'];
  const apps = appNames.map((name, i) => {
    const app = emulator.apps.find((a) => a.name === name);
    if (!app) throw new Error(`the emulator has no app ${name}`);
    const secretFile = join(dir, `app-${i}.secret`);
    writeFileSync(secretFile, app.clientSecret, { mode: 0o600 });
    return { clientId: app.clientId, clientSecret: `file:${secretFile}` };
  });
  const [primary, ...extra] = apps;
  const configFile = join(dir, 'reclaim.yaml');
  writeFileSync(
    configFile,
    [
      'campaign: { name: "entra e2e campaign" }',
      `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - id: corp-entra',
      '    kind: entra',
      `    tenantId: "${emulator.tenantId}"`,
      `    clientId: "${primary!.clientId}"`,
      `    clientSecret: "${primary!.clientSecret}"`,
      `    authorityHost: "${emulator.url}"`,
      `    graphBaseUrl: "${emulator.url}"`,
      `    caFile: "${ca.caFile}"`,
      `    extraApps: ${JSON.stringify(extra)}`,
      `protected: { identities: ${JSON.stringify(fixed)} }`,
      `engine: { passwordKey: "file:${keyFile}", leaseSeconds: ${options.leaseSeconds ?? 60} }`,
    ].join('\n'),
  );
  const opened: App[] = [];
  const app = (operator: string) => {
    const a = createApp({ configFile, operator, env: process.env });
    opened.push(a);
    return a;
  };
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile('examples/triage-answers.yaml');
  let plan: Plan | undefined;
  return {
    emulator,
    dir,
    configFile,
    keyFile,
    caFile: ca.caFile,
    users: ids.map((id, i) => ({ id, upn: upns[i]! })),
    app,
    async approvedCampaign() {
      const alice = app('alice');
      const { campaignId } = await recordTriage(alice, { answers, newCampaign: true });
      if (!plan) {
        await discoverDirectories(alice, { campaignId });
        plan = await savedPlan(alice, await makePlan(await proven(alice), { campaignId }));
      } else await importPlan(await proven(alice), { campaignId, plan });
      // two approvers other than the author: waves above the blast radius need both
      await approvePlan(await proven(app('bob')), { campaignId });
      await approvePlan(await proven(app('carol')), { campaignId });
      return { campaignId, plan };
    },
    async close() {
      await Promise.all(opened.map((a) => a.close()));
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
