// Allows or withdraws OIDC sign-in for one console operator. Withdrawing also ends the operator's
// OIDC sessions (their password sessions stay).
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

export async function setOperatorOidc(
  store: Store,
  input: { username: string; enabled: boolean; now: Date },
): Promise<void> {
  await inWriteTransaction(store, `changing OIDC sign-in of operator ${input.username}`, async (tx) => {
    const row = await tx.selectFrom('operators').select('id').where('username', '=', input.username).executeTakeFirst();
    if (!row) throw new ReclaimError('NOT_FOUND', `No console operator named ${input.username}`);
    await tx
      .updateTable('operators')
      .set({ oidcEnabledAt: input.enabled ? input.now.toISOString() : null })
      .where('id', '=', row.id)
      .execute();
    if (!input.enabled)
      await tx.deleteFrom('sessions').where('operatorId', '=', row.id).where('authMethod', '=', 'oidc').execute();
  });
}
