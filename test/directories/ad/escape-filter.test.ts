import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeFilterBytes, escapeFilterValue } from '../../../src/directories/ad/escape-filter.ts';

describe('RFC 4515 filter value escaping', () => {
  it('escapes the characters that could widen or break a filter', () => {
    assert.equal(escapeFilterValue('a*b(c)d\\e\0'), 'a\\2ab\\28c\\29d\\5ce\\00');
    assert.equal(
      `(sAMAccountName=${escapeFilterValue('*)(objectClass=*')})`,
      '(sAMAccountName=\\2a\\29\\28objectClass=\\2a)',
    );
  });
  it('leaves other characters, including non-ASCII, as they are', () => {
    assert.equal(escapeFilterValue('Jürgen, O"Brien <x>; #=+'), 'Jürgen, O"Brien <x>; #=+');
  });
  it('escapes binary values byte by byte', () => {
    assert.equal(escapeFilterBytes(new Uint8Array([1, 5, 0, 255])), '\\01\\05\\00\\ff');
  });
});
