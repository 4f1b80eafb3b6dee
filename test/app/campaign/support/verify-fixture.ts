// A started campaign for verification at any size, without the lab: a SQLite store holding a plan
// of `count` assignments in `waves` equal waves and one applied action per side the engine treats,
// and two synthetic directories (AD `corp`, Entra `cloud`) that answer each read from the key alone,
// so they hold nothing per identity. Person i's outcome follows `verifyClassOf(i)`; the benchmark
// (bench/verify-memory.ts) seeds one at 20k and 80k, the paging test a few hundred.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../../../src/app/create-app.ts';
import type { CredentialState } from '../../../../src/core/action.ts';
import type { IdentityRef } from '../../../../src/core/identity.ts';
import type { Directory } from '../../../../src/directories/directory-port.ts';
import { insertActions, type NewAction } from '../../../../src/store/actions/insert-actions.ts';
import { rebuildActionCounts } from '../../../../src/store/actions/recount-actions.ts';
import { createCampaign } from '../../../../src/store/campaigns/create-campaign.ts';
import { setCampaignStatus } from '../../../../src/store/campaigns/set-campaign-status.ts';
import type { Store } from '../../../../src/store/open-store.ts';
import { insertWaves } from '../../../../src/store/plans/insert-waves.ts';
import { savePlanVersion } from '../../../../src/store/plans/save-plan-version.ts';

export const fixtureT0 = '2026-11-26T09:00:00.000Z';
const before = '2026-01-05T08:00:00.000Z';
const after = '2026-11-26T10:00:00.000Z';

export type VerifyClass =
  | 'changed'
  /** must change pending: missed */
  | 'missed'
  /** Reclaim's resetPassword, its owner not yet: reset */
  | 'reset'
  /** a privileged account for a person, whose task was never opened: missed by the tasks */
  | 'manual'
  /** synced, changed in AD and not yet in the cloud: the cloud side missed */
  | 'cloudLag'
  /** synced, changed on both sides */
  | 'hybrid'
  /** federated: AD alone is the proof, the unchanged cloud side is not read */
  | 'governed';

const problems: VerifyClass[] = ['missed', 'reset', 'manual', 'cloudLag', 'hybrid', 'governed'];

/** 2% of people in each class but `changed`. */
export function verifyClassOf(i: number): VerifyClass {
  return problems[i % 50] ?? 'changed';
}

const treatments: Record<VerifyClass, string> = {
  changed: 'requireChange',
  missed: 'requireChange',
  reset: 'adminResetSspr',
  manual: 'privilegedManualReset',
  cloudLag: 'hybridAdminReset',
  hybrid: 'hybridAdminReset',
  governed: 'hybridAdGoverned',
};

const indexOf = (key: string) => Number(key.slice(key.lastIndexOf('-') + 1));

/** Reads answered from the key: `corp-i` and `cloud-i` as verifyClassOf(i) says. */
export function syntheticDirectory(id: 'corp' | 'cloud'): Directory {
  return {
    id,
    kind: id === 'corp' ? 'ad' : 'entra',
    supports: [],
    async *discover() {},
    async apply() {
      throw new Error('the verification fixture is read-only');
    },
    async readCredentialState(ref: IdentityRef): Promise<CredentialState> {
      const c = verifyClassOf(indexOf(ref.key));
      const state = { exists: true, enabled: true, mustChangePassword: false, passwordLastSetAt: after };
      if (c === 'missed') return { ...state, mustChangePassword: true, passwordLastSetAt: null, pwdLastSetRaw: '0' };
      if (c === 'reset')
        return {
          ...state,
          mustChangePassword: true,
          passwordLastSetAt: null,
          pwdLastSetRaw: '0',
          passwordHashChangedAt: after,
        };
      if (id === 'cloud' && (c === 'cloudLag' || c === 'governed')) return { ...state, passwordLastSetAt: before };
      return state;
    },
    async close() {},
  };
}

function assignmentOf(i: number, wave: number) {
  const c = verifyClassOf(i);
  const synced = c === 'cloudLag' || c === 'hybrid' || c === 'governed';
  return {
    directory: 'corp',
    key: `corp-${i}`,
    name: `user${i}`,
    dn: `CN=user${i},OU=People,DC=corp,DC=example`,
    kind: 'ad',
    segment: c === 'manual' ? 'privileged' : 'standard',
    treatment: treatments[c],
    why: null,
    ruleId: 'r1',
    rule: 'everyone',
    linked: synced ? { directory: 'cloud', key: `cloud-${i}`, name: `user${i}@corp.example` } : null,
    ssprRegistered: false,
    mfaRegistered: false,
    group: 'People',
    owner: null,
    compromised: false,
    wave,
  };
}

/** The applied actions of person i: one per side the engine treated (none for a manual task). */
function actionsOf(i: number, campaignId: string, waveId: number): NewAction[] {
  const c = verifyClassOf(i);
  if (c === 'manual') return [];
  const kind = c === 'reset' ? 'resetPassword' : 'requireChange';
  const sides = c === 'cloudLag' || c === 'hybrid' ? ['corp', 'cloud'] : ['corp'];
  return sides.map((d) => ({
    campaignId,
    waveId,
    directory: d,
    identityKey: `${d}-${i}`,
    identityName: `user${i}`,
    kind,
    idempotencyKey: `${campaignId}/${d}-${i}/${kind}`,
  }));
}

/** Seeds the campaign (T0 fixtureT0) and returns its id. */
export async function seedVerifyCampaign(store: Store, count: number, waveCount = 4): Promise<string> {
  const t0 = new Date(fixtureT0);
  const campaign = await createCampaign(store, { name: 'verify fixture', createdBy: 'alice', now: t0 });
  await setCampaignStatus(store, { campaignId: campaign.id, status: 'active', t0, now: t0 });
  const size = Math.ceil(count / waveCount);
  const waves = Array.from({ length: waveCount }, (_, w) => ({
    number: w + 1,
    label: `Wave ${w + 1}`,
    firstAssignment: w * size,
    size: Math.max(0, Math.min(size, count - w * size)),
    startAt: fixtureT0,
    deadlineAt: after,
    forecast: { expectedCalls: 0 },
  }));
  const assignments = Array.from({ length: count }, (_, i) => assignmentOf(i, Math.floor(i / size) + 1));
  const version = await savePlanVersion(store, {
    planId: 'verify-fixture',
    campaignId: campaign.id,
    name: 'verify fixture',
    // the header's set-asides and totals as a plan has them, so the report can be collected too
    body: {
      format: 'reclaim-plan/1',
      waves,
      assignments,
      totals: { identities: count, inWaves: count, bySegment: {}, byTreatment: {} },
      protected: [],
      unmanageable: [],
      outOfScope: { count: 0 },
      alternatives: [],
      krbtgt: [],
    },
    createdBy: 'alice',
    now: t0,
  });
  const waveIds = await insertWaves(
    store,
    version.versionId,
    waves.map((w) => ({ ordinal: w.number, name: w.label, startsAt: t0, deadlineAt: new Date(after), size: w.size })),
  );
  for (let from = 0; from < count; from += 5000) {
    const actions: NewAction[] = [];
    for (let i = from; i < Math.min(count, from + 5000); i++)
      actions.push(...actionsOf(i, campaign.id, waveIds[Math.floor(i / size)]!));
    await insertActions(store, actions, t0);
  }
  await store.db
    .updateTable('actions')
    .set({ state: 'applied', attempts: 1 })
    .where('campaignId', '=', campaign.id)
    .execute();
  await rebuildActionCounts(store, campaign.id);
  return campaign.id;
}

/** An App over `dir`'s store (sqlite `dir/reclaim.sqlite`) with the synthetic directories. */
export function verifyFixtureApp(dir: string): App {
  writeFileSync(join(dir, 'key'), 'verify-fixture-key-0123456789abcdef', { mode: 0o600 });
  writeFileSync(
    join(dir, 'reclaim.yaml'),
    [
      'campaign: { name: "verify fixture" }',
      `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: 00000000-0000-0000-0000-000000000000, clientId: ' +
        '00000000-0000-0000-0000-000000000000, clientSecret: "env:RECLAIM_TEST_UNUSED" }',
      `engine: { passwordKey: "file:${join(dir, 'key')}" }`,
    ].join('\n'),
  );
  const base = createApp({
    configFile: join(dir, 'reclaim.yaml'),
    operator: 'alice',
    clock: { now: () => new Date(after), sleep: async () => undefined },
  });
  const directories = new Map([
    ['corp', syntheticDirectory('corp')],
    ['cloud', syntheticDirectory('cloud')],
  ]);
  return { ...base, directories: () => directories };
}

export function verifyFixtureDir(): string {
  return mkdtempSync(join(tmpdir(), 'reclaim-verify-'));
}
