// Single-use CLI tokens: a signed-in console operator asks for one, and an approving CLI command
// (plan, approve, krbtgt reset --early) presents it to prove who runs it. SAFETY: only the SHA-256
// hash of the 256-bit token is stored; taking a token is one conditional UPDATE (not used, not
// expired), atomic on both dialects, so a replayed or expired token is refused everywhere.
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function issueOperatorToken(
  store: Store,
  input: { operatorId: string; purpose: string; ttlMs: number; now: Date },
): Promise<{ token: string; expiresAt: string }> {
  const token = `rct_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(input.now.getTime() + input.ttlMs).toISOString();
  await storeCall('issuing a CLI token', () =>
    store.db
      .insertInto('operatorTokens')
      .values({
        tokenHash: hashOf(token),
        operatorId: input.operatorId,
        issuedAt: input.now.toISOString(),
        expiresAt,
        usedAt: null,
        purpose: input.purpose,
      })
      .execute(),
  );
  return { token, expiresAt };
}

/** Takes a token once: the operator id when it is known, unused and unexpired; null otherwise. */
export async function takeOperatorToken(store: Store, input: { token: string; now: Date }): Promise<string | null> {
  const now = input.now.toISOString();
  const hash = hashOf(input.token);
  const taken = await storeCall('taking a CLI token', () =>
    store.db
      .updateTable('operatorTokens')
      .set({ usedAt: now })
      .where('tokenHash', '=', hash)
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', now)
      .executeTakeFirst(),
  );
  if (Number(taken.numUpdatedRows) !== 1) return null;
  const row = await storeCall('reading a CLI token', () =>
    store.db.selectFrom('operatorTokens').select('operatorId').where('tokenHash', '=', hash).executeTakeFirst(),
  );
  return row?.operatorId ?? null;
}
