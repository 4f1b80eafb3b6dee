import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  escapeDnValue,
  firstRdnValue,
  normalizeDn,
  sameDn,
  splitDn,
  unescapeDnValue,
} from '../../../src/directories/ad/escape-dn.ts';

describe('RFC 4514 DN value escaping', () => {
  it('escapes every special character, a leading # or space and a trailing space', () => {
    assert.equal(escapeDnValue('Smith, John'), 'Smith\\, John');
    assert.equal(escapeDnValue('a+b"c\\d<e>f;g=h'), 'a\\+b\\"c\\\\d\\<e\\>f\\;g\\=h');
    assert.equal(escapeDnValue('#1 '), '\\#1\\ ');
    assert.equal(escapeDnValue(' x#'), '\\ x#');
    assert.equal(escapeDnValue('a\0b'), 'a\\00b');
    assert.equal(escapeDnValue('Jürgen Ødegård'), 'Jürgen Ødegård');
  });

  it('round-trips any string through escape and unescape', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => unescapeDnValue(escapeDnValue(s)) === s));
  });

  it('unescapes hex pairs as UTF-8 bytes', () => {
    assert.equal(unescapeDnValue('J\\C3\\BCrgen\\2C x'), 'Jürgen, x');
  });

  it('splits a DN only at unescaped commas and reads the first RDN back', () => {
    const dn = `CN=${escapeDnValue('Doe, "J" <x>; #=+')},OU=ad tests,DC=lab,DC=example`;
    assert.equal(splitDn(dn).length, 4);
    assert.equal(firstRdnValue(dn), 'Doe, "J" <x>; #=+');
  });

  it('keeps an escaped trailing space when splitting', () => {
    const dn = `CN=${escapeDnValue(' lead and trail ')},OU=x`;
    assert.equal(firstRdnValue(dn), ' lead and trail ');
    assert.equal(firstRdnValue('CN=a\\\\ , OU=x'), 'a\\');
  });

  it('compares DNs case-insensitively with escaping normalised', () => {
    assert.ok(sameDn('CN=a\\2Cb,DC=Lab,DC=example', 'cn=A\\,B, dc=lab,dc=EXAMPLE'));
    assert.ok(!sameDn('CN=a,DC=lab', 'CN=b,DC=lab'));
    assert.equal(normalizeDn('CN=X,DC=Y'), 'cn=x,dc=y');
  });
});
