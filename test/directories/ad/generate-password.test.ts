import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generatePassword, satisfiesPolicy } from '../../../src/directories/ad/generate-password.ts';

/** A deterministic byte stream from a seed (SHA-256 in counter mode). */
function seeded(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  let buffer = Buffer.alloc(0);
  return (n) => {
    while (buffer.length < n)
      buffer = Buffer.concat([buffer, createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    const out = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return new Uint8Array(out);
  };
}

describe('generatePassword', () => {
  it('satisfies length and complexity for any policy up to 128 characters', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 128 }), fc.boolean(), fc.string(), (minLength, complexity, seed) => {
        const pw = generatePassword({ minLength, complexity }, seeded(seed)).reveal();
        return pw.length === Math.max(24, minLength) && satisfiesPolicy(pw, { minLength, complexity: true });
      }),
    );
  });

  it('is reproducible from the same random source and unique across draws', () => {
    assert.equal(
      generatePassword({ minLength: 7, complexity: true }, seeded('a')).reveal(),
      generatePassword({ minLength: 7, complexity: true }, seeded('a')).reveal(),
    );
    const random = seeded('many');
    const seen = new Set(
      Array.from({ length: 2000 }, () => generatePassword({ minLength: 7, complexity: true }, random).reveal()),
    );
    assert.equal(seen.size, 2000);
  });

  it('never contains three letters or digits in a row, so it cannot contain an account name', () => {
    const random = seeded('names');
    for (let i = 0; i < 500; i++)
      assert.doesNotMatch(generatePassword({ minLength: 14, complexity: true }, random).reveal(), /[A-Za-z0-9]{3}/);
  });

  it('discards draws that contain a token to avoid', () => {
    // a source that first yields a password with "!$%" (symbols only at positions 2, 5, 8): avoid a symbol token
    const first = generatePassword({ minLength: 7, complexity: true }, seeded('t')).reveal();
    const token = first.slice(1, 4);
    const pw = generatePassword({ minLength: 7, complexity: true }, seeded('t'), [token]).reveal();
    assert.notEqual(pw, first);
    assert.ok(!pw.toLowerCase().includes(token.toLowerCase()));
  });

  it('keeps the password out of every printable form', () => {
    const secret = generatePassword({ minLength: 7, complexity: true }, seeded('p'));
    assert.ok(!JSON.stringify({ secret }).includes(secret.reveal()));
    assert.ok(!`${secret}`.includes(secret.reveal()));
  });

  it('fails loudly with a constant random source that cannot avoid a token', () => {
    assert.throws(() => generatePassword({ minLength: 7, complexity: true }, () => new Uint8Array([0]), ['Aa!']));
  });
});
