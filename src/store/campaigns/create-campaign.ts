// A campaign: one mass reset, from triage to report. Created as a draft with the kill switch off.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { CampaignsTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type CampaignRow = Selectable<CampaignsTable>;

export async function createCampaign(
  store: Store,
  input: { id?: string; name: string; createdBy?: string; configHash?: string; now: Date },
): Promise<CampaignRow> {
  const row: CampaignRow = {
    id: input.id ?? randomUUID(),
    name: input.name,
    createdAt: input.now.toISOString(),
    createdBy: input.createdBy ?? null,
    t0: null,
    status: 'draft',
    killSwitch: 0,
    killSwitchChangedAt: null,
    passwordKeyFingerprint: null,
    killSwitchChangedBy: null,
    configHash: input.configHash ?? null,
  };
  await storeCall(`creating campaign ${input.name}`, () => store.db.insertInto('campaigns').values(row).execute());
  return row;
}

export async function getCampaign(store: Store, id: string): Promise<CampaignRow | undefined> {
  return storeCall(`reading campaign ${id}`, () =>
    store.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst(),
  );
}
