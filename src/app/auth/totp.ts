// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), with node:crypto only. The console
// asks for one at every sign-in, so a stolen operator password alone does not open it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { base32Decode, base32Encode } from './base32.ts';

export interface TotpOptions {
  digits?: number;
  stepSeconds?: number;
  algorithm?: 'sha1' | 'sha256' | 'sha512';
}

/** A new 160-bit secret, base32 (what an authenticator app is given). */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

export function hotp(key: Buffer, counter: number, digits = 6, algorithm: TotpOptions['algorithm'] = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm ?? 'sha1', key)
    .update(message)
    .digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export function totpAt(key: Buffer, unixSeconds: number, options: TotpOptions = {}): string {
  return hotp(key, Math.floor(unixSeconds / (options.stepSeconds ?? 30)), options.digits ?? 6, options.algorithm);
}

/**
 * Checks a code against the current step and one step either side (clock drift). Returns the
 * step it matched so the caller can refuse a replay of the same step; undefined when it does not match.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  now: Date,
  options: TotpOptions = {},
): number | undefined {
  if (!/^\d{6,8}$/.test(code)) return undefined;
  const key = base32Decode(secretBase32);
  const step = options.stepSeconds ?? 30;
  const current = Math.floor(now.getTime() / 1000 / step);
  for (const counter of [current, current - 1, current + 1]) {
    const expected = Buffer.from(hotp(key, counter, options.digits ?? 6, options.algorithm));
    const given = Buffer.from(code);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return counter;
  }
  return undefined;
}

/** The otpauth:// URI an authenticator app scans (shown once, at enrolment). */
export function totpUri(input: { issuer: string; account: string; secret: string }): string {
  const label = encodeURIComponent(`${input.issuer}:${input.account}`);
  return `otpauth://totp/${label}?secret=${input.secret}&issuer=${encodeURIComponent(input.issuer)}&algorithm=SHA1&digits=6&period=30`;
}
