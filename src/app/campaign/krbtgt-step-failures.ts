// The krbtgt steps that failed: asked for again, `krbtgt reset` retries the same action (the
// engine reads msDS-KeyVersionNumber first when an earlier attempt reached the DC, so a key is never
// rolled twice for one step), and after a run it lists what failed with its code and reason, which
// the CLI prints before exiting 3 (issue 15: a failed reset exited 0 and could never be retried).
import { actionsByKeys } from '../../store/actions/actions-by-key.ts';
import { requestRetry } from '../../store/actions/request-retry.ts';
import type { Store } from '../../store/open-store.ts';
import type { App } from '../create-app.ts';

export interface KrbtgtStepFailure {
  directory: string;
  name: string;
  idempotencyKey: string;
  code: string | null;
  message: string | null;
  /** the engine will try again by itself (a transient failure) */
  retrying: boolean;
}

export async function krbtgtStepFailures(
  store: Store,
  idempotencyKeys: readonly string[],
): Promise<KrbtgtStepFailure[]> {
  const rows = await actionsByKeys(store, idempotencyKeys, { state: 'failed' });
  return rows.map((r) => ({
    directory: r.directory,
    name: r.identityName,
    idempotencyKey: r.idempotencyKey,
    code: r.lastErrorCode,
    message: r.lastErrorMessage,
    retrying: r.failureRetryable,
  }));
}

/** Makes the failed steps among `idempotencyKeys` due again (journaled, by this operator); their names. */
export async function retryFailedKrbtgtSteps(app: App, idempotencyKeys: readonly string[]): Promise<string[]> {
  const store = await app.store();
  const failed = await actionsByKeys(store, idempotencyKeys, { state: 'failed' });
  const retried = new Set(
    await requestRetry(store, {
      ids: failed.map((f) => f.id),
      requestedBy: app.actor?.username ?? app.operator,
      reason: 'krbtgt reset asked for again',
      now: app.clock.now(),
    }),
  );
  return failed.filter((f) => retried.has(f.id)).map((f) => f.identityName);
}
