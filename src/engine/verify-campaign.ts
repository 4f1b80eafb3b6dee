// `reclaim verify`: re-reads every in-scope identity from its directory and lists every account
// whose password did not change since T0 (both sides for a synced person). Reads run a few at a
// time per directory; a read that fails is listed as missed with its code, never counted as done.
import type { CredentialState } from '../core/action.ts';
import { isReclaimError } from '../core/errors/reclaim-error.ts';
import type { IdentityRef } from '../core/identity.ts';
import type { Directory } from '../directories/directory-port.ts';
import { passwordChangedSince } from './password-changed.ts';

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

export interface VerifyResult {
  t0: string;
  checked: number;
  changed: number;
  missed: VerifyMiss[];
  /** the people whose every side changed, for marking their actions verified */
  verified: VerifyTarget[];
}

export async function verifyCampaign(input: {
  targets: readonly VerifyTarget[];
  t0: string;
  directories: ReadonlyMap<string, Directory>;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<VerifyResult> {
  const result: VerifyResult = { t0: input.t0, checked: 0, changed: 0, missed: [], verified: [] };
  const queue = [...input.targets];
  let done = 0;
  const worker = async () => {
    for (let target = queue.shift(); target; target = queue.shift()) {
      const misses: VerifyMiss[] = [];
      for (const side of target.sides) {
        const miss = await checkSide(input.directories.get(side.directory), side, input.t0);
        if (miss) misses.push({ wave: target.wave, treatment: target.treatment, identity: side.name, directory: side.directory, key: side.key, ...miss });
      }
      result.checked++;
      if (misses.length === 0) {
        result.changed++;
        result.verified.push(target);
      } else result.missed.push(...misses);
      input.onProgress?.(++done, input.targets.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 8) }, worker));
  result.missed.sort((a, b) => a.wave - b.wave || a.directory.localeCompare(b.directory) || a.identity.localeCompare(b.identity));
  return result;
}

async function checkSide(directory: Directory | undefined, ref: IdentityRef, t0: string): Promise<{ reason: string; enabled: boolean | null } | null> {
  if (!directory) return { reason: `directory ${ref.directory} is not configured`, enabled: null };
  let state: CredentialState;
  try {
    state = await directory.readCredentialState(ref);
  } catch (error) {
    return { reason: `could not be read: ${isReclaimError(error) ? error.code : 'UNEXPECTED'}`, enabled: null };
  }
  if (!state.exists) return { reason: 'no longer exists', enabled: null };
  if (passwordChangedSince(state, t0)) return null;
  const reason =
    state.smartcardRequired === true
      ? `smart card required: password hash last rolled ${state.passwordHashChangedAt ?? 'at an unknown time (replication metadata unreadable)'}, before T0`
      : state.pwdLastSetRaw === '0' || state.mustChangePassword
        ? 'must change at next sign-in; not changed by the user yet'
        : `password last set ${state.passwordLastSetAt ?? 'never'}, before T0`;
  return { reason, enabled: state.enabled };
}
