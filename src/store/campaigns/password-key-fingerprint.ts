// The fingerprint of the password key a campaign's resets are derived from. SAFETY: recorded once,
// by the first process that needs the key (a conditional UPDATE, atomic on both dialects); every
// later process compares, so two keys never derive passwords in one campaign.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function bindPasswordKeyFingerprint(
  store: Store,
  input: { campaignId: string; fingerprint: string },
): Promise<void> {
  await storeCall('recording the password key fingerprint', () =>
    store.db
      .updateTable('campaigns')
      .set({ passwordKeyFingerprint: input.fingerprint })
      .where('id', '=', input.campaignId)
      .where('passwordKeyFingerprint', 'is', null)
      .execute(),
  );
  const row = await storeCall('reading the password key fingerprint', () =>
    store.db
      .selectFrom('campaigns')
      .select('passwordKeyFingerprint')
      .where('id', '=', input.campaignId)
      .executeTakeFirst(),
  );
  if (!row) throw new ReclaimError('NOT_FOUND', `No campaign ${input.campaignId}`);
  if (row.passwordKeyFingerprint !== input.fingerprint) {
    throw new ReclaimError(
      'PASSWORD_KEY_MISMATCH',
      `engine.passwordKey is not the key campaign ${input.campaignId} derives its passwords from ` +
        `(fingerprint ${row.passwordKeyFingerprint}, this key ${input.fingerprint}): nothing was ` +
        `written`,
      {
        details: [
          'give this process the same key file as the first engine of the campaign (the key is never in the store)',
        ],
      },
    );
  }
}
