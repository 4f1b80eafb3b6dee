// The fallback the plan promises for hybridForceChange: when Graph's force change did not take on a
// synced user (the Entra action failed CHANGE_DID_NOT_STICK after reading passwordProfile back),
// that person's AD side gets an admin reset to a unique random password with must-change, so
// password hash sync carries a new hash and the old password dies in the cloud anyway. The reset
// is an engine action like any other (guarded, journaled, idempotent by its key).
import { actionsByKeyPrefix } from '../../store/actions/actions-by-key.ts';
import { actionsFailedWith } from '../../store/actions/failed-actions.ts';
import { insertActions, type NewAction } from '../../store/actions/insert-actions.ts';
import { transitionAction } from '../../store/actions/transition-action.ts';
import type { Store } from '../../store/open-store.ts';
import { waveAssignmentPages } from '../../store/plans/read-plan-assignments.ts';
import type { CurrentPlanHeader } from './current-plan.ts';

const forceChangesNotStuck = (store: Store, campaignId: string) =>
  actionsFailedWith(store, { campaignId, kind: 'requireChange', code: 'CHANGE_DID_NOT_STICK' });

export const fallbackKey = (campaignId: string, directory: string, key: string) =>
  `${campaignId}/fallback/${directory}/${key}/resetPassword`;

/** Inserts the AD resets owed for force changes that did not stick: who is owed one, and how many are new. */
export async function insertHybridFallbacks(
  store: Store,
  campaignId: string,
  current: Pick<CurrentPlanHeader, 'versionId' | 'plan'>,
  waveIds: ReadonlyMap<number, number>,
  now: Date,
): Promise<{ owed: string[]; inserted: number }> {
  const failed = await forceChangesNotStuck(store, campaignId);
  if (failed.length === 0) return { owed: [], inserted: 0 };
  const notStuck = new Set(failed.map((f) => `${f.directory}\n${f.identityKey}`));
  const owed: NewAction[] = [];
  for await (const page of waveAssignmentPages(store, current.versionId, current.plan.waves)) {
    for (const { wave, assignment: a } of page) {
      if (a.treatment !== 'hybridForceChange' || !a.linked || !notStuck.has(`${a.linked.directory}\n${a.linked.key}`))
        continue;
      owed.push({
        campaignId,
        waveId: waveIds.get(wave) ?? null,
        directory: a.directory,
        identityKey: a.key,
        identityName: a.name,
        kind: 'resetPassword',
        params: { mustChange: true, fallbackFor: 'forceChangeDidNotStick' },
        idempotencyKey: fallbackKey(campaignId, a.directory, a.key),
        notBefore: now,
      });
    }
  }
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
  current: Pick<CurrentPlanHeader, 'versionId' | 'plan'>,
  now: Date,
): Promise<number> {
  const resets = await actionsByKeyPrefix(store, {
    campaignId,
    prefix: `${campaignId}/fallback/`,
    states: ['applied', 'verified'],
  });
  if (resets.length === 0) return 0;
  const resetOf = new Map(resets.map((r) => [`${r.directory}\n${r.identityKey}`, r.idempotencyKey]));
  const cloudToReset = new Map<string, string>();
  for await (const page of waveAssignmentPages(store, current.versionId, current.plan.waves))
    for (const { assignment: a } of page) {
      const key = resetOf.get(`${a.directory}\n${a.key}`);
      if (a.treatment === 'hybridForceChange' && a.linked && key)
        cloudToReset.set(`${a.linked.directory}\n${a.linked.key}`, key);
    }
  const stuck = await forceChangesNotStuck(store, campaignId);
  let superseded = 0;
  for (const s of stuck) {
    const by = cloudToReset.get(`${s.directory}\n${s.identityKey}`);
    if (!by) continue;
    await transitionAction(store, {
      id: s.id,
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
