// The campaign's writes as the journal recorded them when they were applied: which identity, when
// (the directory's own `at`), on which DC (`facts.dc`, set by the several-DC AD directory) and the
// other facts (e.g. the krbtgt key version after the reset). Read for per-DC verification.
import type { ActionKind } from '../../core/action.ts';
import { appliedEvents } from '../../store/actions/applied-events.ts';
import type { Store } from '../../store/open-store.ts';

export interface AppliedWrite {
  actionId: number;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: ActionKind;
  idempotencyKey: string;
  /** when the directory reported the write done (ISO, ms) */
  appliedAt: string;
  /** the DC that took the write, when the directory has several */
  dc?: string;
  facts: Record<string, unknown>;
}

/** Every action of the campaign in state applied or verified, with its last 'applied' journal event. */
export async function appliedWrites(
  store: Store,
  campaignId: string,
  filter: { directory?: string; kinds?: readonly ActionKind[] } = {},
): Promise<AppliedWrite[]> {
  const rows = await appliedEvents(store, campaignId, filter);
  const byAction = new Map<number, AppliedWrite>();
  for (const r of rows) {
    const details = r.details as { at?: string; facts?: Record<string, unknown> };
    const facts = details.facts ?? {};
    byAction.set(r.actionId, {
      actionId: r.actionId,
      directory: r.directory,
      identityKey: r.identityKey,
      identityName: r.identityName,
      kind: r.kind as ActionKind,
      idempotencyKey: r.idempotencyKey,
      appliedAt: details.at ?? r.at,
      ...(typeof facts.dc === 'string' ? { dc: facts.dc } : {}),
      facts,
    });
  }
  return [...byAction.values()];
}
