// The fallback the plan promises for hybridForceChange: when Graph's force change did not take on a
// synced user (the Entra action failed CHANGE_DID_NOT_STICK after reading passwordProfile back),
// that person's AD side gets an admin reset to a unique random password with must-change, so
// password hash sync carries a new hash and the old password dies in the cloud anyway. The reset
// is an engine action like any other (guarded, journaled, idempotent by its key).
import type { Plan } from '../../core/planning/plan.ts';
import { insertActions, type NewAction } from '../../store/actions/insert-actions.ts';
import { transitionAction } from '../../store/actions/transition-action.ts';
import type { Store } from '../../store/open-store.ts';
import { storeCall } from '../../store/store-error.ts';

export const fallbackKey = (campaignId: string, directory: string, key: string) =>
  `${campaignId}/fallback/${directory}/${key}/resetPassword`;

/** Inserts the AD resets owed for force changes that did not stick: who is owed one, and how many are new. */
export async function insertHybridFallbacks(
  store: Store,
  campaignId: string,
  plan: Plan,
  waveIds: ReadonlyMap<number, number>,
  now: Date,
): Promise<{ owed: string[]; inserted: number }> {
  const failed = await storeCall('reading force changes that did not stick', () =>
    store.db
      .selectFrom('actions')
      .select(['directory', 'identityKey'])
      .where('campaignId', '=', campaignId)
      .where('kind', '=', 'requireChange')
      .where('state', '=', 'failed')
      .where('lastErrorCode', '=', 'CHANGE_DID_NOT_STICK')
      .execute(),
  );
  if (failed.length === 0) return { owed: [], inserted: 0 };
  const notStuck = new Set(failed.map((f) => `${f.directory}\n${f.identityKey}`));
  const waveOf = new Map<number, number>();
  for (const w of plan.waves)
    for (let i = w.firstAssignment; i < w.firstAssignment + w.size; i++) waveOf.set(i, w.number);
  const owed: NewAction[] = [];
  plan.assignments.forEach((a, i) => {
    if (a.treatment !== 'hybridForceChange' || !a.linked || !notStuck.has(`${a.linked.directory}\n${a.linked.key}`))
      return;
    owed.push({
      campaignId,
      waveId: waveIds.get(waveOf.get(i) ?? 0) ?? null,
      directory: a.directory,
      identityKey: a.key,
      identityName: a.name,
      kind: 'resetPassword',
      params: { mustChange: true, fallbackFor: 'forceChangeDidNotStick' },
      idempotencyKey: fallbackKey(campaignId, a.directory, a.key),
      notBefore: now,
    });
  });
  return { owed: owed.map((o) => o.identityName), inserted: await insertActions(store, owed, now) };
}

/**
 * A force change that did not stick, whose person's AD reset has been applied, is superseded: the
 * failed Entra action becomes skipped (journaled with the reset that replaced it), so the run
 * reports the person as handled, not failed.
 */
export async function supersedeStuckForceChanges(
  store: Store,
  campaignId: string,
  plan: Plan,
  now: Date,
): Promise<number> {
  const resets = await storeCall('reading applied fallbacks', () =>
    store.db
      .selectFrom('actions')
      .select(['directory', 'identityKey', 'idempotencyKey'])
      .where('campaignId', '=', campaignId)
      .where('idempotencyKey', 'like', `${campaignId}/fallback/%`)
      .where('state', 'in', ['applied', 'verified'])
      .execute(),
  );
  if (resets.length === 0) return 0;
  const resetOf = new Map(resets.map((r) => [`${r.directory}\n${r.identityKey}`, r.idempotencyKey]));
  const cloudToReset = new Map<string, string>();
  for (const a of plan.assignments) {
    const key = resetOf.get(`${a.directory}\n${a.key}`);
    if (a.treatment === 'hybridForceChange' && a.linked && key)
      cloudToReset.set(`${a.linked.directory}\n${a.linked.key}`, key);
  }
  const stuck = await storeCall('reading force changes that did not stick', () =>
    store.db
      .selectFrom('actions')
      .select(['id', 'directory', 'identityKey'])
      .where('campaignId', '=', campaignId)
      .where('kind', '=', 'requireChange')
      .where('state', '=', 'failed')
      .where('lastErrorCode', '=', 'CHANGE_DID_NOT_STICK')
      .execute(),
  );
  let superseded = 0;
  for (const s of stuck) {
    const by = cloudToReset.get(`${s.directory}\n${s.identityKey}`);
    if (!by) continue;
    await transitionAction(store, {
      id: Number(s.id),
      from: 'failed',
      to: 'skipped',
      event: 'superseded',
      details: { by, reason: 'the force change did not stick; the AD admin reset replaced it' },
      now,
    });
    superseded++;
  }
  return superseded;
}
