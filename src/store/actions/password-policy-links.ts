// The password policy links applied (linkPasswordPolicy actions applied or verified), with the
// ordinal of their wave: enforcement unlinks a person once their password changed.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface AppliedPolicyLink {
  directory: string;
  identityKey: string;
  identityName: string;
  waveId: number | null;
  params: Record<string, unknown>;
  /** the wave's number in its plan */
  ordinal: number;
}

export async function appliedPolicyLinks(store: Store, campaignId: string): Promise<AppliedPolicyLink[]> {
  const rows = await storeCall('reading password policy links', () =>
    store.db
      .selectFrom('actions')
      .innerJoin('waves', 'waves.id', 'actions.waveId')
      .select([
        'actions.directory',
        'actions.identityKey',
        'actions.identityName',
        'actions.waveId',
        'actions.params',
        'waves.ordinal',
      ])
      .where('actions.campaignId', '=', campaignId)
      .where('actions.kind', '=', 'linkPasswordPolicy')
      .where('actions.state', 'in', ['applied', 'verified'])
      .execute(),
  );
  return rows.map((r) => ({
    ...r,
    waveId: r.waveId === null ? null : Number(r.waveId),
    ordinal: Number(r.ordinal),
    params: JSON.parse(r.params) as Record<string, unknown>,
  }));
}
