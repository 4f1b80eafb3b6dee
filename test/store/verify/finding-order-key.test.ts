// The store sorts a verification's findings by findingOrderKey in binary (code-point) order; the
// keys must order names as localeCompare did when `verify` sorted them in memory: case, accents,
// ligatures (ß, æ) and punctuation included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingOrderKey } from '../../../src/store/verify/finding-order-key.ts';

const alphabet = [..." _-.'@0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèÉàÄäöÖüßñçøØłŁđÅåæŒ(),$"];
const binary = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** deterministic names: a linear congruential sequence over the alphabet */
function names(count: number): string[] {
  let state = 12345;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  return Array.from({ length: count }, (_, i) =>
    Array.from({ length: 1 + next(6) }, () => alphabet[next(i % 2 ? 14 : alphabet.length)]).join(''),
  );
}

describe('findingOrderKey', () => {
  it('orders names in binary order of their keys as localeCompare orders them', () => {
    const all = [
      ...names(2_000),
      'alice',
      'Alice',
      'álice',
      'strasse',
      'straße',
      'Æsa',
      'aesa',
      'bob-2',
      'bob_2',
      'bob.2',
      ...['ae', 'Ae', 'AE', 'æ', 'Æ', 'aE', 'ij', 'Ĳ', 'ĳ', 'IJ', 'iJ', 'oe', 'œ', 'Œ', 'Ss', 'SS', 'sS'],
    ];
    const byLocale = [...all].sort((a, b) => a.localeCompare(b) || binary(a, b));
    const byKey = [...all].sort((a, b) => binary(findingOrderKey(a), findingOrderKey(b)));
    const differ = byKey.findIndex((n, i) => n !== byLocale[i] && n.localeCompare(byLocale[i]!) !== 0);
    assert.equal(differ, -1, `first difference at ${differ}: ${JSON.stringify(byKey.slice(differ - 2, differ + 3))}`);
  });

  it('is a key a database takes: no NUL, and a lone surrogate becomes U+FFFD', () => {
    assert.ok(!findingOrderKey('a\u0000b').includes('\u0000') || findingOrderKey('a\u0000b').endsWith('a\u0000b'));
    assert.ok(findingOrderKey('x\uD800').endsWith('x\uFFFD'));
  });
});
