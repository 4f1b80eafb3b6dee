// `reclaim verify`: re-reads every in-scope identity from its directory and sorts each into
// changed (its owner set a new password since T0, on every side of a synced person), reset (Reclaim
// replaced the password after T0 and the owner has not chosen their own yet: the old one no longer
// signs in, so nothing an attacker held works) or missed (no proof the old password is dead: a
// pending must-change alone is not one, the old password still answers it). Reads run a few at a
// time per directory; a read that fails is listed as missed with its code, never counted as done.
import type { CredentialState } from '../core/action.ts';
import { isReclaimError } from '../core/errors/reclaim-error.ts';
import type { IdentityRef } from '../core/identity.ts';
import type { Directory } from '../directories/directory-port.ts';
import { passwordChangedSince, passwordReplacedSince } from './password-changed.ts';

export interface VerifyTarget {
  wave: number;
  treatment: string;
  /** the AD side (or the only side) and, for a synced person, the Entra side */
  sides: IdentityRef[];
}

export interface VerifyMiss {
  wave: number;
  treatment: string;
  identity: string;
  directory: string;
  key: string;
  reason: string;
  enabled: boolean | null;
}

/** A person whose password Reclaim replaced after T0, who has not chosen their own yet. */
export interface VerifyReset {
  wave: number;
  treatment: string;
  identity: string;
  directory: string;
  key: string;
  /** when the newest replacement happened (the hash's replication stamp, or the cloud's change time) */
  replacedAt: string | null;
  enabled: boolean | null;
}

export interface VerifyResult {
  t0: string;
  checked: number;
  changed: number;
  /** contained, not missed: the old password no longer signs in; the owner still has to set their own */
  reset: VerifyReset[];
  missed: VerifyMiss[];
  /** the people whose every side changed, for marking their actions verified */
  verified: VerifyTarget[];
}

export async function verifyCampaign(input: {
  targets: readonly VerifyTarget[];
  t0: string;
  directories: ReadonlyMap<string, Directory>;
  /** `${directory}\n${key}` of the sides whose password the campaign's journal shows Reclaim replaced */
  replacedByReclaim?: ReadonlySet<string>;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<VerifyResult> {
  const result: VerifyResult = { t0: input.t0, checked: 0, changed: 0, reset: [], missed: [], verified: [] };
  const queue = [...input.targets];
  let done = 0;
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      const misses: VerifyMiss[] = [];
      const resets: VerifyReset[] = [];
      for (const side of target.sides) {
        const replaced = input.replacedByReclaim?.has(`${side.directory}\n${side.key}`) ?? false;
        const outcome = await checkSide(input.directories.get(side.directory), side, input.t0, replaced);
        const who = {
          wave: target.wave,
          treatment: target.treatment,
          identity: side.name,
          directory: side.directory,
          key: side.key,
        };
        if (outcome.kind === 'missed') misses.push({ ...who, reason: outcome.reason, enabled: outcome.enabled });
        if (outcome.kind === 'reset') resets.push({ ...who, replacedAt: outcome.replacedAt, enabled: outcome.enabled });
      }
      result.checked++;
      if (misses.length > 0) result.missed.push(...misses);
      else if (resets.length > 0) result.reset.push(...resets);
      else {
        result.changed++;
        result.verified.push(target);
      }
      input.onProgress?.(++done, input.targets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 8) }, worker));
  const order = (a: VerifyMiss | VerifyReset, b: VerifyMiss | VerifyReset) =>
    a.wave - b.wave || a.directory.localeCompare(b.directory) || a.identity.localeCompare(b.identity);
  result.missed.sort(order);
  result.reset.sort(order);
  return result;
}

type SideOutcome =
  | { kind: 'changed' }
  | { kind: 'reset'; replacedAt: string | null; enabled: boolean | null }
  | { kind: 'missed'; reason: string; enabled: boolean | null };

async function checkSide(
  directory: Directory | undefined,
  ref: IdentityRef,
  t0: string,
  replacedByReclaim: boolean,
): Promise<SideOutcome> {
  if (!directory) return { kind: 'missed', reason: `directory ${ref.directory} is not configured`, enabled: null };
  let state: CredentialState;
  try {
    state = await directory.readCredentialState(ref);
  } catch (error) {
    return {
      kind: 'missed',
      reason: `could not be read: ${isReclaimError(error) ? error.code : 'UNEXPECTED'}`,
      enabled: null,
    };
  }
  if (!state.exists) return { kind: 'missed', reason: 'no longer exists', enabled: null };
  if (passwordChangedSince(state, t0)) return { kind: 'changed' };
  // SAFETY: both the journal (Reclaim's reset applied) and the directory (the password written at or
  // after T0's second) must agree; a stamp alone could be an account created in T0's own second.
  if (replacedByReclaim && state.smartcardRequired !== true && passwordReplacedSince(state, t0)) {
    return {
      kind: 'reset',
      replacedAt: state.passwordHashChangedAt ?? state.passwordLastSetAt,
      enabled: state.enabled,
    };
  }
  const reason =
    state.smartcardRequired === true
      ? `smart card required: password hash last rolled ${state.passwordHashChangedAt ?? 'at an unknown time (replication metadata unreadable)'}, before T0`
      : state.pwdLastSetRaw === '0' || state.mustChangePassword
        ? 'must change at next sign-in, not changed by the user yet: the old password still answers the change prompt'
        : `password last set ${state.passwordLastSetAt ?? 'never'}, before T0`;
  return { kind: 'missed', reason, enabled: state.enabled };
}
