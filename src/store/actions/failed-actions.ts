// The campaign's actions of one kind that failed with one error code (e.g. the force changes that
// did not stick, owed an AD reset by the hybrid fallback).
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function actionsFailedWith(
  store: Store,
  input: { campaignId: string; kind: string; code: string },
): Promise<Array<{ id: number; directory: string; identityKey: string }>> {
  const rows = await storeCall(`reading ${input.kind} actions that failed with ${input.code}`, () =>
    store.db
      .selectFrom('actions')
      .select(['id', 'directory', 'identityKey'])
      .where('campaignId', '=', input.campaignId)
      .where('kind', '=', input.kind)
      .where('state', '=', 'failed')
      .where('lastErrorCode', '=', input.code)
      .execute(),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
