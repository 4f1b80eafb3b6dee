// Unique random passwords that satisfy an identity's effective policy. The random source is passed
// in (crypto.randomBytes in production, a seeded source in tests), so the output is reproducible in
// tests and the engine can journal a hash before the write and reuse the same value on retry.
import { Secret } from '../../core/secret.ts';

export interface PasswordRequirements {
  minLength: number;
  complexity: boolean;
}

export type RandomBytes = (count: number) => Uint8Array;

const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const lower = 'abcdefghijkmnopqrstuvwxyz';
const digits = '23456789';
// No quote, backslash or space: they survive every shell, LDIF and helpdesk read-out; no `'`, `.`,
// `-`, `_`, `#` or `,` either, which AD treats as name-token delimiters or which appear in names.
const symbols = '!$%&*+=?@^~<>[]{}()/:;|';
const alphanumeric = upper + lower + digits;

export const defaultPasswordLength = 24;
/** AD stores at most 256 characters in unicodePwd. */
const maxLength = 256;

/** An unbiased index in [0, n) from the random source (rejection sampling). */
function pick(n: number, random: RandomBytes): number {
  const limit = 256 - (256 % n);
  for (;;) {
    const byte = random(1)[0]!;
    if (byte < limit) return byte % n;
  }
}

function choose(alphabet: string, random: RandomBytes): string {
  return alphabet[pick(alphabet.length, random)]!;
}

/**
 * A password of max(policy minimum, 24) characters. Every third character is a symbol, so no run
 * of three letters or digits exists: AD's complexity rule refuses a password containing the
 * account name or any 3+ character token of the display name, and this layout cannot contain one
 * made of letters and digits. `avoid` lists further tokens (sAMAccountName, name parts) that
 * must not appear, case-insensitively; a draw containing one is discarded.
 * Complexity (3 of upper/lower/digit/symbol) always holds: the first four characters cover all four.
 * History is satisfied by randomness: ~130 bits make a repeat of a previous password impossible.
 */
export function generatePassword(
  policy: PasswordRequirements,
  random: RandomBytes,
  avoid: readonly string[] = [],
): Secret {
  const length = Math.min(maxLength, Math.max(policy.minLength, defaultPasswordLength));
  const tokens = avoid.map((t) => t.toLowerCase()).filter((t) => t.length >= 3);
  for (let attempt = 0; attempt < 100; attempt++) {
    const chars: string[] = [];
    for (let i = 0; i < length; i++) {
      if (i % 3 === 2) chars.push(choose(symbols, random));
      else if (i === 0) chars.push(choose(upper, random));
      else if (i === 1) chars.push(choose(lower, random));
      else if (i === 3) chars.push(choose(digits, random));
      else chars.push(choose(alphanumeric, random));
    }
    const candidate = chars.join('');
    const folded = candidate.toLowerCase();
    if (!tokens.some((t) => folded.includes(t))) return new Secret(candidate);
  }
  throw new RangeError('could not draw a password avoiding the given name tokens (is the random source constant?)');
}

/** Checks a password against length and AD complexity (3 of 4 character classes); for tests and guards. */
export function satisfiesPolicy(password: string, policy: PasswordRequirements): boolean {
  if (Array.from(password).length < policy.minLength) return false;
  if (!policy.complexity) return true;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes >= 3;
}
