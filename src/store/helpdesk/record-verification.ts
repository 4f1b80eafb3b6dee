// The helpdesk's record of how a caller's identity was checked before a temporary password or a
// TAP was issued: method, evidence notes, who verified, when, with what outcome. Append-only.
import type { Selectable } from 'kysely';
import type { HelpdeskVerificationsTable, VerificationMethod } from '../database.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export type VerificationRow = Selectable<HelpdeskVerificationsTable>;

export async function recordVerification(
  store: Store,
  input: {
    campaignId: string;
    directory: string;
    identityKey: string;
    method: VerificationMethod;
    evidence: string;
    verifiedBy: string;
    outcome: 'verified' | 'refused' | 'inconclusive';
    now: Date;
  },
): Promise<number> {
  return storeCall('recording a helpdesk verification', async () => {
    const row = await store.db
      .insertInto('helpdeskVerifications')
      .values({
        campaignId: input.campaignId,
        directory: input.directory,
        identityKey: input.identityKey,
        method: input.method,
        evidence: input.evidence,
        verifiedBy: input.verifiedBy,
        verifiedAt: input.now.toISOString(),
        outcome: input.outcome,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
}

/** Every verification of one identity in a campaign, oldest first. */
export async function listVerifications(
  store: Store,
  input: { campaignId: string; directory: string; identityKey: string },
): Promise<VerificationRow[]> {
  const rows = await storeCall('reading helpdesk verifications', () =>
    store.db
      .selectFrom('helpdeskVerifications')
      .selectAll()
      .where('campaignId', '=', input.campaignId)
      .where('directory', '=', input.directory)
      .where('identityKey', '=', input.identityKey)
      .orderBy('id')
      .execute(),
  );
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
