// The passwords the engine sets.
//
// resetPassword: a reset password must survive a crash so a retry sets the SAME value (a retried
// reset with a new value can race the timed-out first one on another DC, samba-multi-dc.md), yet it
// must never be stored. So it is derived, HMAC-SHA256 in counter mode, from a per-campaign key that
// lives outside the store (an env:/file: secret reference, `engine.passwordKey`) and the action id.
// A restarted engine, on any machine holding the key, regenerates the same password; someone
// holding only the store learns nothing. The store keeps a fingerprint (sha256 over a per-campaign
// salt derived from the key) that proves in the journal that a retry reused the value.
//
// SAFETY: the key is resolved when the first password action is claimed, never replaced by a
// stand-in: a process started with no password action in sight has no key until it needs one, and
// then uses the real one or stops. The caller's resolver also checks the key against the campaign's
// recorded fingerprint, so a worker holding another key writes nothing.
//
// resetKrbtgt: a fresh random value each time (krbtgtPassword), never derived and never stored:
// nobody ever needs it again, and recovery reads the key version instead of retrying blind.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Secret } from '../core/secret.ts';
import { generatePassword, type PasswordRequirements } from '../directories/ad/generate-password.ts';

const defaultRequirements: PasswordRequirements = { minLength: 24, complexity: true };

export class ActionPasswords {
  readonly #resolveKey: () => Promise<Secret>;
  readonly #campaignId: string;
  #ready: Promise<{ key: Secret; salt: Buffer }> | undefined;

  /** resolveKey: called once, when the first password action needs the key; may refuse (throw) */
  constructor(resolveKey: () => Secret | Promise<Secret>, campaignId: string) {
    this.#resolveKey = async () => resolveKey();
    this.#campaignId = campaignId;
  }

  /** Resolves the key (once); throws what the resolver throws, before anything is written. */
  async ready(): Promise<void> {
    this.#ready ??= this.#resolveKey().then((key) => {
      if (key.reveal().length < 16) throw new RangeError('the campaign password key must be at least 16 characters');
      return {
        key,
        salt: createHmac('sha256', key.reveal()).update(`reclaim-fingerprint-salt/1/${this.#campaignId}`).digest(),
      };
    });
    // a failed resolution is not cached: the next claim asks again (the file may have been fixed)
    this.#ready.catch(() => {
      this.#ready = undefined;
    });
    await this.#ready;
  }

  /** The password of one action: the same on every call, in every process that holds the key. */
  async passwordFor(
    actionId: number,
    avoid: readonly string[] = [],
    requirements = defaultRequirements,
  ): Promise<Secret> {
    await this.ready();
    const { key } = await this.#ready!;
    const seed = createHmac('sha256', key.reveal())
      .update(`reclaim-password/1/${this.#campaignId}/${actionId}`)
      .digest();
    return generatePassword(requirements, deterministicBytes(seed), avoid);
  }

  /** A fingerprint for the journal: equal fingerprints mean the same value was used. */
  async fingerprint(secret: Secret): Promise<string> {
    await this.ready();
    const { salt } = await this.#ready!;
    return createHash('sha256').update(salt).update(secret.reveal(), 'utf8').digest('hex').slice(0, 32);
  }
}

/** A krbtgt password: 32 random characters from the system's CSPRNG, never derived, never stored. */
export function krbtgtPassword(): Secret {
  return generatePassword({ minLength: 32, complexity: true }, (n) => randomBytes(n));
}

/**
 * The campaign's record of its key: a keyed hash nobody can compute without the key, and which
 * cannot be used to test guesses of a 32-byte random key.
 */
export function passwordKeyFingerprint(key: Secret, campaignId: string): string {
  return createHmac('sha256', key.reveal())
    .update(`reclaim-key-fingerprint/1/${campaignId}`)
    .digest('hex')
    .slice(0, 32);
}

/** An endless byte stream from a seed: HMAC(seed, counter) blocks. */
function deterministicBytes(seed: Buffer): (count: number) => Uint8Array {
  let block = Buffer.alloc(0);
  let offset = 0;
  let counter = 0;
  return (count) => {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      if (offset >= block.length) {
        block = createHmac('sha256', seed).update(String(counter++)).digest();
        offset = 0;
      }
      out[i] = block[offset++]!;
    }
    return out;
  };
}
