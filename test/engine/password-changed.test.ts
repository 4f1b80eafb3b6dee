// "Did the credential change since T0": pwdLastSet (never a pending must-change), and for a
// smart-card account the hash's replication stamp, which a roll moves and pwdLastSet does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialState } from '../../src/core/action.ts';
import { passwordChangedSince, passwordReplacedSince } from '../../src/engine/password-changed.ts';

const t0 = '2026-12-01T10:00:00.400Z';
const state = (over: Partial<CredentialState>): CredentialState => ({
  exists: true,
  enabled: true,
  mustChangePassword: false,
  passwordLastSetAt: '2026-11-01T00:00:00.000Z',
  pwdLastSetRaw: '1',
  ...over,
});

describe('passwordChangedSince', () => {
  it('pwdLastSet after T0 counts; before T0 or a pending must-change does not', () => {
    assert.equal(passwordChangedSince(state({ passwordLastSetAt: '2026-12-01T11:00:00.000Z' }), t0), true);
    assert.equal(passwordChangedSince(state({}), t0), false);
    assert.equal(
      passwordChangedSince(state({ passwordLastSetAt: null, pwdLastSetRaw: '0', mustChangePassword: true }), t0),
      false,
    );
  });
  it('a smart-card account counts once its hash rolled after T0, whatever pwdLastSet says (stamps in whole seconds)', () => {
    const sc = (hash: string | null) => state({ smartcardRequired: true, passwordHashChangedAt: hash });
    assert.equal(passwordChangedSince(sc('2026-12-01T10:05:00.000Z'), t0), true);
    assert.equal(passwordChangedSince(sc('2026-12-01T10:00:00.000Z'), t0), true, 'rolled in the second of T0');
    assert.equal(passwordChangedSince(sc('2026-12-01T09:59:59.000Z'), t0), false);
    assert.equal(passwordChangedSince(sc(null), t0), false, 'metadata unreadable: not proven');
  });
  it('the hash stamp proves nothing for an account without smart card (a must-change reset writes the hash too)', () => {
    assert.equal(
      passwordChangedSince(
        state({
          smartcardRequired: false,
          passwordHashChangedAt: '2026-12-01T10:05:00.000Z',
          passwordLastSetAt: null,
          pwdLastSetRaw: '0',
          mustChangePassword: true,
        }),
        t0,
      ),
      false,
    );
  });
  it("a stamp in whole seconds (Entra's lastPasswordChangeDateTime) counts from T0's own second; a precise one exactly", () => {
    const entra = (at: string) => state({ passwordLastSetAt: at, pwdLastSetRaw: undefined });
    // T0 is 10:00:00.400: a cloud change in that second is stamped 10:00:00Z
    assert.equal(passwordChangedSince(entra('2026-12-01T10:00:00.000Z'), t0), true, 'changed in the second of T0');
    assert.equal(passwordReplacedSince(entra('2026-12-01T10:00:00.000Z'), t0), true, 'replaced in the second of T0');
    assert.equal(passwordChangedSince(entra('2026-12-01T09:59:59.000Z'), t0), false, 'the second before T0');
    assert.equal(passwordReplacedSince(entra('2026-12-01T09:59:59.000Z'), t0), false);
    // AD's pwdLastSet is precise: before T0 within its second is before T0
    assert.equal(passwordChangedSince(state({ passwordLastSetAt: '2026-12-01T10:00:00.300Z' }), t0), false);
    assert.equal(passwordChangedSince(state({ passwordLastSetAt: '2026-12-01T10:00:00.500Z' }), t0), true);
  });
});
