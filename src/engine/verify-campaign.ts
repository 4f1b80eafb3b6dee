// `reclaim verify`: re-reads every in-scope identity from its directory and sorts each into
// changed (its owner set a new password since T0, on every side of a synced person), reset (Reclaim
// replaced the password after T0 and the owner has not chosen their own yet: the old one no longer
// signs in, so nothing an attacker held works) or missed (no proof the old password is dead: a
// pending must-change alone is not one, the old password still answers it). Reads run a few at a
// time; a read that fails is listed as missed with its code, never counted as done. The plan comes
// in pages and each page's findings are handed on (onFindings) once the page is judged, so memory
// follows a page, not the plan's size nor the number of people in trouble.
import type { CredentialState } from '../core/action.ts';
import { isReclaimError } from '../core/errors/reclaim-error.ts';
import type { IdentityRef } from '../core/identity.ts';
import type { Directory } from '../directories/directory-port.ts';
import { passwordChangedSince, passwordReplacedSince } from './password-changed.ts';
import { pageCursor, type OpenPage } from './verify-page-cursor.ts';

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

/** The counts: who was found reset or missed is handed to onFindings, never kept. */
export interface VerifyResult {
  t0: string;
  checked: number;
  changed: number;
  /** contained, not missed: the old password no longer signs in; the owner still has to set their own */
  reset: number;
  missed: number;
}

/** A page's people not verified, one entry per side. */
export interface VerifyFindings {
  missed: VerifyMiss[];
  reset: VerifyReset[];
}

/** A page of the plan's people: read, judged and handed back (onVerified) before the next pages. */
export interface VerifyPage {
  targets: readonly VerifyTarget[];
  /** the page's people verified elsewhere (a manual task): counted done, never read here */
  elsewhere?: number;
  /** `${directory}\n${key}` of the page's sides whose password the campaign's journal shows Reclaim replaced */
  replacedByReclaim?: ReadonlySet<string>;
}

/**
 * Verifies the pages as they come, `concurrency` reads in flight across page boundaries (the next
 * page is fetched while the current one is read), and hands each page's verified people to
 * onVerified once the page's last read is done: the people verified are never held all at once.
 */
export async function verifyCampaign(input: {
  pages: AsyncIterable<VerifyPage>;
  /** the people the pages hold, for progress */
  total: number;
  t0: string;
  directories: ReadonlyMap<string, Directory>;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** the people of a page whose every side changed; awaited, one page at a time */
  onVerified?: (people: VerifyTarget[]) => Promise<void>;
  /** the sides of a page found reset or missed, in no particular order; awaited, one page at a time */
  onFindings?: (found: VerifyFindings) => Promise<void>;
  /** rewords a person's misses (e.g. a cloud side lagging its AD side) */
  explain?: (target: VerifyTarget, misses: VerifyMiss[]) => VerifyMiss[];
}): Promise<VerifyResult> {
  const result: VerifyResult = { t0: input.t0, checked: 0, changed: 0, reset: 0, missed: 0 };
  let done = 0;
  const progress = (n: number) => input.onProgress?.((done += n), input.total);
  const next = pageCursor(input.pages, (page) => {
    if (page.elsewhere) progress(page.elsewhere);
  });
  let handed = Promise.resolve();
  let failed = false;
  const worker = async () => {
    for (let item = await next(); item && !failed; item = await next()) {
      const { page, target } = item;
      const outcome = await checkTarget(target, input, page.page.replacedByReclaim);
      result.checked++;
      if (outcome.misses.length > 0) {
        const misses = input.explain?.(target, outcome.misses) ?? outcome.misses;
        result.missed += misses.length;
        page.found.missed.push(...misses);
      } else if (outcome.resets.length > 0) {
        result.reset += outcome.resets.length;
        page.found.reset.push(...outcome.resets);
      } else {
        result.changed++;
        page.verified.push(target);
      }
      progress(1);
      if (--page.left === 0) {
        handed = handed.then(() => handOn(page, input));
        await handed;
      }
    }
  };
  // a store failure stops every worker: none goes on reading once the command has failed
  const stopping = () =>
    worker().catch((error: unknown) => {
      failed = true;
      throw error;
    });
  await Promise.all(Array.from({ length: Math.max(1, input.concurrency ?? 8) }, stopping));
  return result;
}

async function handOn(
  page: OpenPage,
  input: {
    onVerified?: (people: VerifyTarget[]) => Promise<void>;
    onFindings?: (found: VerifyFindings) => Promise<void>;
  },
): Promise<void> {
  if (page.verified.length > 0) await input.onVerified?.(page.verified);
  if (page.found.missed.length > 0 || page.found.reset.length > 0) await input.onFindings?.(page.found);
}

async function checkTarget(
  target: VerifyTarget,
  input: { t0: string; directories: ReadonlyMap<string, Directory> },
  replacedByReclaim: ReadonlySet<string> | undefined,
): Promise<{ misses: VerifyMiss[]; resets: VerifyReset[] }> {
  const misses: VerifyMiss[] = [];
  const resets: VerifyReset[] = [];
  for (const side of target.sides) {
    const replaced = replacedByReclaim?.has(`${side.directory}\n${side.key}`) ?? false;
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
  return { misses, resets };
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
