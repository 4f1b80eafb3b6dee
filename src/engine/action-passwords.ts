// The passwords the engine sets (resetPassword, resetKrbtgt), one per action.
//
// SAFETY: a reset password must survive a crash so a retry sets the SAME value (a retried reset
// with a new value can race the timed-out first one on another DC, samba-multi-dc.md), yet it must
// never be stored. So it is not stored at all: it is derived, HMAC-SHA256 in counter mode, from a
// per-campaign key that lives outside the store (an env:/file: secret reference, `engine.passwordKey`
// in reclaim.yaml) and the action id. A restarted engine, on any machine holding the key,
// regenerates exactly the same password; someone holding only the store learns nothing. The store
// keeps a fingerprint (sha256 over a per-campaign salt that is itself derived from the key) that
// proves in the journal that a retry reused the value, without allowing a guess to be checked
// offline by anyone without the key.
import { createHash, createHmac } from 'node:crypto';
import type { Secret } from '../core/secret.ts';
import { generatePassword, type PasswordRequirements } from '../directories/ad/generate-password.ts';

const defaultRequirements: PasswordRequirements = { minLength: 24, complexity: true };

export class ActionPasswords {
  readonly #key: Secret;
  readonly #campaignId: string;
  readonly #salt: Buffer;

  constructor(key: Secret, campaignId: string) {
    if (key.reveal().length < 16) throw new RangeError('the campaign password key must be at least 16 characters');
    this.#key = key;
    this.#campaignId = campaignId;
    this.#salt = createHmac('sha256', key.reveal()).update(`reclaim-fingerprint-salt/1/${campaignId}`).digest();
  }

  /** The password of one action: the same on every call, in every process that holds the key. */
  passwordFor(actionId: number, avoid: readonly string[] = [], requirements = defaultRequirements): Secret {
    const seed = createHmac('sha256', this.#key.reveal()).update(`reclaim-password/1/${this.#campaignId}/${actionId}`).digest();
    return generatePassword(requirements, deterministicBytes(seed), avoid);
  }

  /** A fingerprint for the journal: equal fingerprints mean the same value was used. */
  fingerprint(secret: Secret): string {
    return createHash('sha256').update(this.#salt).update(secret.reveal(), 'utf8').digest('hex').slice(0, 32);
  }
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
