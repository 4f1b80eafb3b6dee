// An App on a real SQLite store whose one directory ("corp-ad") is the engine tests' in-memory
// directory, so the attacks read back exactly what was written: a campaign approved by bob (author
// alice), and the password key in a mode-0600 file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../src/app/create-app.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { setCampaignStatus } from '../../../src/store/campaigns/set-campaign-status.ts';
import { recordApproval } from '../../../src/store/plans/record-approval.ts';
import { savePlanVersion } from '../../../src/store/plans/save-plan-version.ts';
import { MemoryDirectory } from '../../engine/support/a-memory-directory.ts';

export interface SecurityApp {
  dir: string;
  configFile: string;
  keyFile: string;
  key: string;
  app: App;
  ad: MemoryDirectory;
  campaignId: string;
  /** another App on the same store and directory, with its own config (another key, say) */
  another(options: { key: string }): App;
  close(): Promise<void>;
}

function writeConfig(dir: string, name: string, keyFile: string, store: string, extra = ''): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    [
      `store: { url: "sqlite:${store}" }`,
      'directories:',
      '  - { id: corp-ad, kind: ad, urls: ["ldaps://127.0.0.1:1636"], baseDns: ' +
        '["DC=corp,DC=example"], bindDn: "svc@corp.example", password: "env:RECLAIM_TEST_UNUSED" ' +
        '}',
      `engine: { passwordKey: "file:${keyFile}", leaseSeconds: 5 }`,
      extra,
    ].join('\n'),
  );
  return file;
}

export async function aSecurityApp(options: { users?: number; extraConfig?: string } = {}): Promise<SecurityApp> {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-security-'));
  const key = `real-key-${Math.random().toString(36).slice(2)}-0123456789abcdefghijklmnop`;
  const keyFile = join(dir, 'reclaim.key');
  writeFileSync(keyFile, key, { mode: 0o600 });
  const store = join(dir, 'reclaim.sqlite');
  const configFile = writeConfig(dir, 'reclaim', keyFile, store, options.extraConfig);
  const ad = new MemoryDirectory('corp-ad').withUsers(options.users ?? 4);
  const apps: App[] = [];
  const make = (file: string): App => {
    const base = createApp({ configFile: file, operator: 'engine' });
    apps.push(base);
    return { ...base, directories: () => new Map([['corp-ad', ad]]) };
  };
  const app = make(configFile);
  const s = await app.store();
  const now = new Date();
  const campaign = await createCampaign(s, { name: 'security', createdBy: 'alice', now });
  await setCampaignStatus(s, { campaignId: campaign.id, status: 'active', now });
  const { versionId } = await savePlanVersion(s, {
    planId: `${campaign.id}/plan`,
    campaignId: campaign.id,
    name: 'plan',
    body: { test: campaign.id },
    createdBy: 'alice',
    now,
  });
  await recordApproval(s, { planVersionId: versionId, approver: 'bob', now });
  let others = 0;
  return {
    dir,
    configFile,
    keyFile,
    key,
    app,
    ad,
    campaignId: campaign.id,
    another({ key: otherKey }) {
      others += 1;
      const otherKeyFile = join(dir, `other-${others}.key`);
      writeFileSync(otherKeyFile, otherKey, { mode: 0o600 });
      return make(writeConfig(dir, `other-${others}`, otherKeyFile, store, options.extraConfig));
    },
    async close() {
      await Promise.all(apps.map((a) => a.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
