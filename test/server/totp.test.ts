// RFC 6238 appendix B test vectors (SHA-1, 8 digits, the ASCII key "12345678901234567890"), and the
// console's verification window and base32 round trip.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base32Decode, base32Encode } from '../../src/app/auth/base32.ts';
import { generateTotpSecret, totpAt, verifyTotp } from '../../src/app/auth/totp.ts';

const key = Buffer.from('12345678901234567890');
const vectors: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

test('RFC 6238 SHA-1 vectors', () => {
  for (const [time, code] of vectors) assert.equal(totpAt(key, time, { digits: 8 }), code, `T=${time}`);
});

test('RFC 6238 SHA-256 and SHA-512 vectors at T=59', () => {
  assert.equal(
    totpAt(Buffer.from('12345678901234567890123456789012'), 59, { digits: 8, algorithm: 'sha256' }),
    '46119246',
  );
  assert.equal(
    totpAt(Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'), 59, {
      digits: 8,
      algorithm: 'sha512',
    }),
    '90693936',
  );
});

test('base32 round trip and the RFC 4648 example', () => {
  assert.equal(base32Encode(Buffer.from('foobar')), 'MZXW6YTBOI');
  assert.equal(base32Decode('MZXW6YTBOI').toString(), 'foobar');
  const secret = generateTotpSecret();
  assert.equal(base32Decode(secret).length, 20);
});

test('verifyTotp accepts the current step and one either side, not two away, and returns the step', () => {
  const secret = generateTotpSecret();
  const now = new Date('2026-11-26T10:00:10Z');
  const t = now.getTime() / 1000;
  const k = base32Decode(secret);
  assert.equal(verifyTotp(secret, totpAt(k, t), now), Math.floor(t / 30));
  assert.notEqual(verifyTotp(secret, totpAt(k, t - 30), now), undefined);
  assert.notEqual(verifyTotp(secret, totpAt(k, t + 30), now), undefined);
  assert.equal(verifyTotp(secret, totpAt(k, t - 90), now), undefined);
  assert.equal(verifyTotp(secret, 'abcdef', now), undefined);
});
