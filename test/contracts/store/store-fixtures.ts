// Builders for the store contract suite: small, explicit data, a fixed clock.
import type { Identity } from '../../../src/core/identity.ts';
import { createCampaign } from '../../../src/store/campaigns/create-campaign.ts';
import { insertActions } from '../../../src/store/actions/insert-actions.ts';
import type { Store } from '../../../src/store/open-store.ts';

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  /** a URL naming a new, empty store */
  freshUrl(): Promise<string>;
}

export const t0 = new Date('2026-03-02T08:00:00.000Z');
export const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

let campaignCounter = 0;
export async function aCampaign(store: Store): Promise<string> {
  campaignCounter += 1;
  const id = `campaign-${process.pid}-${campaignCounter}`;
  await createCampaign(store, { id, name: `Test campaign ${campaignCounter}`, createdBy: 'alice', now: t0 });
  return id;
}

/** Inserts n planned actions in a new campaign; returns the campaign id and the action ids in order. */
export async function aCampaignWithActions(
  store: Store,
  n: number,
  options: { waveId?: number } = {},
): Promise<{ campaignId: string; ids: number[] }> {
  const campaignId = await aCampaign(store);
  await insertActions(
    store,
    Array.from({ length: n }, (_, i) => ({
      campaignId,
      waveId: options.waveId ?? null,
      directory: 'corp-ad',
      identityKey: `key-${i}`,
      identityName: `user${i}`,
      kind: 'requireChange',
      idempotencyKey: `${campaignId}/corp-ad/key-${i}/requireChange`,
    })),
    t0,
  );
  const rows = await store.db
    .selectFrom('actions')
    .select('id')
    .where('campaignId', '=', campaignId)
    .orderBy('id')
    .execute();
  return { campaignId, ids: rows.map((r) => Number(r.id)) };
}

export function anIdentity(i: number, overrides: Partial<Identity> = {}): Identity {
  return {
    directory: 'corp-ad',
    kind: 'ad',
    key: `guid-${String(i).padStart(7, '0')}`,
    name: `user${i}`,
    dn: `CN=user${i},OU=Staff,DC=corp,DC=example`,
    department: i % 2 === 0 ? 'Finance' : 'Sales',
    site: 'Paris',
    accountType: 'user',
    enabled: i % 10 !== 0,
    passwordNeverExpires: false,
    smartcardRequired: false,
    cannotChangePassword: false,
    passwordLastSetAt: '2025-12-01T10:00:00.000Z',
    mustChangePassword: false,
    memberOf: [`CN=Staff,DC=corp,DC=example`],
    servicePrincipalNames: [],
    privileged: i % 100 === 0 ? [{ source: 'RID 512', name: 'Domain Admins' }] : [],
    attributes: { title: `Title ${i}` },
    ...overrides,
  };
}
