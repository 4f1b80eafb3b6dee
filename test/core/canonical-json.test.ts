// canonicalJson is the one canonical form behind plan content hashes, plan version ids and the
// audit chain: equal values give equal text whatever the key order, and its output for values
// already stored never changes (a changed byte would break every stored hash).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { Secret } from '../../src/core/secret.ts';

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined members and keeps array order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }),
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    assert.equal(canonicalJson([undefined, null]), '[null,null]');
  });

  it('honours toJSON: a Date is its ISO text and a Secret stays redacted', () => {
    assert.equal(
      canonicalJson({ at: new Date('2026-03-02T08:00:00.000Z'), password: new Secret('Hunter2!x') }),
      '{"at":"2026-03-02T08:00:00.000Z","password":"[redacted]"}',
    );
  });

  it('keeps a member named __proto__ (as JSON.parse gives it) as a member', () => {
    assert.equal(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}')), '{"__proto__":{"x":1},"b":1}');
  });

  it('gives null for undefined, so an absent setting compares equal to a null one', () => {
    assert.equal(canonicalJson(undefined), 'null');
  });

  it('gives the same text for the same value built in any key order, and parses back to it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(
          JSON.stringify(value, (_k, v) =>
            v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
          ),
        );
        assert.equal(canonicalJson(shuffled), canonicalJson(value));
        assert.deepEqual(JSON.parse(canonicalJson(value)), JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('keeps the text stored hashes were made from (a fixed audit details value)', () => {
    assert.equal(
      canonicalJson({ name: 'alice', method: 'video', outcome: 'verified', verificationId: 7 }),
      '{"method":"video","name":"alice","outcome":"verified","verificationId":7}',
    );
  });
});
