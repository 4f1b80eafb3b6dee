// A console on a real SQLite store in a temporary folder: a campaign with a discovered snapshot (one
// ordinary and one privileged identity), a plan authored by "alice", one account per role with a
// known password and TOTP secret, and a server answering through Fastify's inject (no socket).
// The directory is a recording double: these tests are about the console, not about directory
// writes (the lab test drives the real Graph emulator).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { addOperatorAccount } from '../../../src/app/console/add-operator-account.ts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import type { ActionSpec } from '../../../src/core/action.ts';
import type { Identity } from '../../../src/core/identity.ts';
import { Secret } from '../../../src/core/secret.ts';
import type { Directory } from '../../../src/directories/directory-port.ts';
import {
  createConsoleServer,
  sessionCookie,
  type ConsoleServerOptions,
} from '../../../src/server/create-console-server.ts';
import { base32Decode } from '../../../src/app/auth/base32.ts';
import { totpAt } from '../../../src/app/auth/totp.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import type { OperatorRole } from '../../../src/store/database.ts';
import { operatorRoles } from '../../../src/store/database.ts';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';

export const operatorPassword = 'correct horse battery staple 42';

export interface Signed {
  cookie: string;
  csrf: string;
}

export interface ConsoleFixture {
  dir: string;
  app: App;
  server: FastifyInstance;
  campaignId: string;
  versionId: string;
  applied: ActionSpec[];
  /** what the double directory hands out as the next TAP */
  nextTap: { value: string };
  totpSecrets: Map<string, string>;
  clock: { at: Date };
  login(
    username: string,
    options?: { password?: string; totp?: string; cookie?: string; address?: string },
  ): Promise<{ status: number; body: Record<string, unknown>; signed?: Signed }>;
  as(role: OperatorRole): Promise<Signed>;
  close(): Promise<void>;
}

function identity(key: string, name: string, privileged: boolean): Identity {
  return {
    directory: 'cloud',
    kind: 'entra',
    key,
    name,
    accountType: 'user',
    enabled: true,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2026-01-01T00:00:00.000Z',
    mustChangePassword: false,
    memberOf: [],
    servicePrincipalNames: [],
    attributes: {},
    privileged: privileged ? [{ source: 'entra-role', name: 'Global Administrator', assignment: 'active' }] : [],
  };
}

/** extraConfig: more lines of reclaim.yaml (e.g. a console section) */
export async function startConsoleFixture(
  options: Partial<ConsoleServerOptions> = {},
  extraConfig: string[] = [],
): Promise<ConsoleFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-console-'));
  writeFileSync(join(dir, 'key'), 'console-test-key-0123456789abcdef', { mode: 0o600 });
  writeFileSync(
    join(dir, 'reclaim.yaml'),
    [
      'campaign: { name: "console test" }',
      `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
      ...extraConfig,
    ].join('\n'),
  );
  const clock = { at: new Date('2026-11-26T10:00:00.000Z') };
  const base = createApp({
    configFile: join(dir, 'reclaim.yaml'),
    operator: 'setup',
    clock: { now: () => new Date(clock.at), sleep: async () => undefined },
  });
  const applied: ActionSpec[] = [];
  const nextTap = { value: 'TAP-unset' };
  const directory: Directory = {
    id: 'cloud',
    kind: 'entra',
    supports: ['issueTap', 'resetPassword', 'enable'],
    async *discover() {},
    async apply(action, context) {
      applied.push(action);
      if (action.kind === 'issueTap') context?.onSecret?.(new Secret(nextTap.value));
      return { at: clock.at.toISOString() };
    },
    async readCredentialState() {
      return {
        exists: true,
        enabled: false,
        mustChangePassword: false,
        passwordLastSetAt: new Date(clock.at).toISOString(),
      };
    },
    async close() {},
  };
  const directories = new Map([['cloud', directory]]);
  const app: App = { ...base, directories: () => directories };
  const store = await app.store();
  const campaign = await createCampaign(store, { name: 'console test', createdBy: 'alice', now: clock.at });
  const snapshotId = await startSnapshot(store, { directory: 'cloud', campaignId: campaign.id, now: clock.at });
  await insertIdentities(store, snapshotId, [identity('u-1', 'jdoe', false), identity('u-2', 'admin-eve', true)]);
  await finishSnapshot(store, { snapshotId, now: clock.at });
  const { versionId } = await savePlanVersion(store, {
    planId: 'plan-1',
    campaignId: campaign.id,
    name: 'plan',
    body: { waves: [] },
    createdBy: 'alice',
    now: clock.at,
  });
  const totpSecrets = new Map<string, string>();
  const accounts: Array<[string, OperatorRole]> = [
    ['alice', 'operator'],
    ...operatorRoles.map((r): [string, OperatorRole] => [`${r}-1`, r]),
  ];
  for (const [username, role] of accounts) {
    const created = await addOperatorAccount(app, { username, role, password: new Secret(operatorPassword) });
    totpSecrets.set(username, created.totpSecret.reveal());
  }
  const server = await createConsoleServer({ app, ...options });
  const fixture: ConsoleFixture = {
    dir,
    app,
    server,
    campaignId: campaign.id,
    versionId,
    applied,
    nextTap,
    totpSecrets,
    clock,
    async login(username, opts = {}) {
      // Each sign-in moves to the next TOTP step: a code is accepted once per step.
      clock.at = new Date(clock.at.getTime() + 30_000);
      const secret = totpSecrets.get(username) ?? 'AAAAAAAAAAAAAAAA';
      const totp = opts.totp ?? totpAt(base32Decode(secret), clock.at.getTime() / 1000);
      const response = await server.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username, password: opts.password ?? operatorPassword, totp },
        ...(opts.address ? { remoteAddress: opts.address } : {}),
        ...(opts.cookie ? { cookies: { [sessionCookie]: opts.cookie } } : {}),
      });
      const body = response.json() as Record<string, unknown>;
      const set = response.cookies.find((c) => c.name === sessionCookie);
      return {
        status: response.statusCode,
        body,
        ...(set ? { signed: { cookie: set.value, csrf: String(body.csrfToken) } } : {}),
      };
    },
    async as(role) {
      const result = await fixture.login(`${role}-1`);
      if (!result.signed) throw new Error(`login as ${role} failed: ${JSON.stringify(result.body)}`);
      return result.signed;
    },
    async close() {
      await server.close();
      await base.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
