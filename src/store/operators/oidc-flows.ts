// Pending OIDC sign-ins: the nonce and PKCE verifier of each authorization request, keyed by a hash
// of its state. SAFETY: a flow is taken by one DELETE ... RETURNING, so a callback (a replayed one
// included) completes at most once across every `reclaim serve` process sharing the store.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function saveOidcFlow(
  store: Store,
  input: { stateHash: string; nonce: string; codeVerifier: string; ttlMs: number; now: Date },
): Promise<void> {
  await storeCall('saving an OIDC sign-in', async () => {
    await store.db.deleteFrom('oidcFlows').where('expiresAt', '<=', input.now.toISOString()).execute();
    await store.db
      .insertInto('oidcFlows')
      .values({
        stateHash: input.stateHash,
        nonce: input.nonce,
        codeVerifier: input.codeVerifier,
        createdAt: input.now.toISOString(),
        expiresAt: new Date(input.now.getTime() + input.ttlMs).toISOString(),
      })
      .execute();
  });
}

/** The flow with this state hash, removed; undefined when unknown, already used or expired. */
export async function takeOidcFlow(
  store: Store,
  stateHash: string,
  now: Date,
): Promise<{ nonce: string; codeVerifier: string } | undefined> {
  const row = await storeCall('taking an OIDC sign-in', () =>
    store.db
      .deleteFrom('oidcFlows')
      .where('stateHash', '=', stateHash)
      .returning(['nonce', 'codeVerifier', 'expiresAt'])
      .executeTakeFirst(),
  );
  return row && row.expiresAt > now.toISOString() ? { nonce: row.nonce, codeVerifier: row.codeVerifier } : undefined;
}
