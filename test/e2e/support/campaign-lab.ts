// A campaign on the lab for end-to-end tests: a private OU under OU=Corp (the operator's delegated
// tree) with users whose passwords the test knows, a reclaim.yaml that discovers only that OU
// (plus extraBaseDns; extraDirectoryConfig adds lines to its directory entry) through svc-reclaim
// (or the Administrator, for krbtgt), a SQLite store and a
// password key in mode-0600 files, and Apps for two operators (the author and the approver).
// With privilegedUsers, the last N users are members of a group in the OU configured as privileged
// (`privilegedGroups`), so they are privileged without touching the domain's own admin groups.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { operatorToken } from '../../support/proven-operator.ts';
import { ldapChange } from '../../../src/directories/ad/ldap-change.ts';
import { unicodePwdMetadata } from '../../../src/lab/samba/unicode-pwd-metadata.ts';
import {
  adminClient,
  createOu,
  createUser,
  lab,
  testPassword,
  treeDelete,
  uniqueSam,
  type CreatedUser,
} from '../../directories/ad/support/ad-test-lab.ts';

export interface CampaignLab {
  dir: string;
  configFile: string;
  ouDn: string;
  users: CreatedUser[];
  /** the users in the configured privileged group (the last `privilegedUsers` of `users`) */
  privileged: CreatedUser[];
  /** an Administrator connection (replaced by reconnectAdmin after a DC restart) */
  readonly admin: Client;
  reconnectAdmin(): Promise<void>;
  app(operator: string): App;
  /** a single-use console token proving `operator` (an account created on first use), for RECLAIM_OPERATOR_TOKEN */
  token(operator: string): Promise<string>;
  /** the user changes their own password (LDAP delete-old/add-new on another connection) */
  userChangesPassword(user: CreatedUser): Promise<string>;
  /** the helpdesk resets the password after verifying the person (an admin reset) */
  helpdeskResets(user: CreatedUser): Promise<string>;
  readUser(user: CreatedUser): Promise<{ pwdLastSet: string; uac: number; unicodePwdVersion: number }>;
  close(): Promise<void>;
}

export async function startCampaignLab(options: {
  users: number;
  protectedUsers?: number;
  privilegedUsers?: number;
  extraConfig?: string;
  storeUrl?: string;
  leaseSeconds?: number;
  urls?: string[];
  bindAs?: 'operator' | 'admin';
  extraBaseDns?: string[];
  extraDirectoryConfig?: (ouDn: string) => string[];
}): Promise<CampaignLab> {
  const info = lab();
  let admin = await adminClient(info);
  const ouDn = await createOu(admin, `OU=Corp,${info.baseDn}`, 'engine-tests');
  const users: CreatedUser[] = [];
  for (let i = 0; i < options.users; i++)
    users.push(await createUser(admin, ouDn, { extra: { department: 'Engineering' } }));
  const privileged = options.privilegedUsers ? users.slice(-options.privilegedUsers) : [];
  const privilegedGroupDn = `CN=tier0-admins,${ouDn}`;
  if (privileged.length > 0)
    await admin.add(privilegedGroupDn, {
      objectClass: ['top', 'group'],
      sAMAccountName: uniqueSam('tier0-'),
      member: privileged.map((u) => u.dn),
    });
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-e2e-'));
  const keyFile = join(dir, 'password-key');
  writeFileSync(keyFile, `e2e-${Math.random().toString(36).slice(2)}-0123456789abcdefghijklmnop`, { mode: 0o600 });
  const protectedNames = users.slice(0, options.protectedUsers ?? 0).map((u) => u.sam);
  const configFile = join(dir, 'reclaim.yaml');
  writeFileSync(
    configFile,
    [
      'campaign: { name: "e2e campaign" }',
      `store: { url: "${options.storeUrl ?? `sqlite:${join(dir, 'reclaim.sqlite')}`}" }`,
      'directories:',
      '  - id: lab-ad',
      '    kind: ad',
      `    urls: [${(options.urls ?? info.dcs.map((d) => d.url)).map((u) => `"${u}"`).join(', ')}]`,
      `    baseDns: [${[ouDn, ...(options.extraBaseDns ?? [])].map((dn) => `"${dn}"`).join(', ')}]`,
      `    bindDn: "${info[options.bindAs ?? 'operator'].upn}"`,
      `    password: "file:${info[options.bindAs ?? 'operator'].passwordFile}"`,
      `    caFile: "${info.caFile}"`,
      '    maxConcurrency: 4',
      ...(privileged.length > 0 ? [`    privilegedGroups: ["${privilegedGroupDn}"]`] : []),
      ...(options.extraDirectoryConfig?.(ouDn) ?? []).map((line) => `    ${line}`),
      `protected: { identities: [${protectedNames.map((n) => `"${n}"`).join(', ')}] }`,
      `engine: { passwordKey: "file:${keyFile}", leaseSeconds: ${options.leaseSeconds ?? 10} }`,
      options.extraConfig ?? '',
    ].join('\n'),
  );
  const apps: App[] = [];
  // The number of originating writes of unicodePwd, from the object's replication metadata
  // (Samba 4.17 returns no msDS-ReplAttributeMetaData, so the blob is read directly).
  const readUser = async (user: CreatedUser) => {
    const { searchEntries } = await admin.search(user.dn, {
      scope: 'base',
      attributes: ['pwdLastSet', 'userAccountControl', 'replPropertyMetaData'],
      explicitBufferAttributes: ['replPropertyMetaData'],
    });
    const e = searchEntries[0]!;
    const unicodePwdVersion = unicodePwdMetadata(e.replPropertyMetaData as Buffer)?.version ?? 0;
    return { pwdLastSet: String(e.pwdLastSet), uac: Number(e.userAccountControl), unicodePwdVersion };
  };
  return {
    dir,
    configFile,
    ouDn,
    users,
    privileged,
    readUser,
    get admin() {
      return admin;
    },
    async reconnectAdmin() {
      await admin.unbind().catch(() => undefined);
      admin = await adminClient(info);
    },
    app(operator) {
      const app = createApp({ configFile, operator, env: process.env });
      apps.push(app);
      return app;
    },
    async token(operator) {
      const app = createApp({ configFile, operator, env: process.env });
      apps.push(app);
      return operatorToken(app, operator);
    },
    async userChangesPassword(user) {
      const next = testPassword();
      await admin.modify(user.dn, [
        ldapChange('delete', 'unicodePwd', Buffer.from(`"${user.password}"`, 'utf16le')),
        ldapChange('add', 'unicodePwd', Buffer.from(`"${next}"`, 'utf16le')),
      ]);
      user.password = next;
      return next;
    },
    async helpdeskResets(user) {
      const next = testPassword();
      await admin.modify(user.dn, [ldapChange('replace', 'unicodePwd', Buffer.from(`"${next}"`, 'utf16le'))]);
      user.password = next;
      return next;
    },
    async close() {
      await Promise.all(apps.map((a) => a.close()));
      await treeDelete(admin, ouDn);
      await admin.unbind().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
