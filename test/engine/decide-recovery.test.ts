// The ground-truth decisions of crash recovery, case by case.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialState } from '../../src/core/action.ts';
import { decideRecovery } from '../../src/engine/decide-recovery.ts';

const state = (s: Partial<CredentialState>): CredentialState => ({
  exists: true,
  enabled: true,
  mustChangePassword: false,
  passwordLastSetAt: '2026-01-01T00:00:00Z',
  ...s,
});
const started = '2026-03-02T08:00:41.231Z';

describe('decideRecovery', () => {
  it("compares instants, not strings: a whole-second Graph time before the attempt is not someone else's change", () => {
    const r = decideRecovery({
      kind: 'requireChange',
      params: {},
      state: state({ passwordLastSetAt: '2026-03-02T08:00:41Z' }),
      applyStartedAt: started,
    });
    assert.equal(r.decision, 'reapply');
  });
  it("a date our reset sets is compared at the directory's precision: a whole-second Graph time counts from the second the attempt started", () => {
    const at = (passwordLastSetAt: string) =>
      decideRecovery({
        kind: 'resetPassword',
        params: {},
        state: state({ passwordLastSetAt }),
        applyStartedAt: started,
      }).decision;
    assert.equal(at('2026-03-02T08:00:40Z'), 'reapply', 'the second before the attempt');
    assert.equal(at('2026-03-02T08:00:41Z'), 'applied', 'a write landing at 41.5 shows as 41');
    assert.equal(
      at('2026-03-02T08:00:41.100Z'),
      'reapply',
      'a directory with milliseconds is compared to the millisecond',
    );
  });
  it('Entra: a must-change reset is told by its date alone (no read before the write); a revocation by its sessions date', () => {
    const reset = { kind: 'resetPassword' as const, params: { mustChange: true }, applyStartedAt: started };
    assert.equal(
      decideRecovery({
        ...reset,
        state: state({ mustChangePassword: true, passwordLastSetAt: '2026-03-02T08:00:42Z' }),
      }).decision,
      'applied',
    );
    const revoke = (sessionsValidFrom: string | null) =>
      decideRecovery({
        kind: 'revokeSessions',
        params: {},
        state: state({ sessionsValidFrom }),
        applyStartedAt: started,
      }).decision;
    assert.equal(revoke('2026-03-02T08:00:41Z'), 'applied');
    assert.equal(revoke('2026-03-02T08:00:40Z'), 'reapply');
    assert.equal(revoke(null), 'reapply', 'a directory that does not date revocations: revoking again is safe');
  });
  it('a requireChange already visible is applied; one not visible is applied again', () => {
    assert.equal(
      decideRecovery({
        kind: 'requireChange',
        params: {},
        state: state({ mustChangePassword: true, passwordLastSetAt: null }),
        applyStartedAt: started,
      }).decision,
      'applied',
    );
    assert.equal(
      decideRecovery({ kind: 'requireChange', params: {}, state: state({}), applyStartedAt: started }).decision,
      'reapply',
    );
  });
  it('a must-change reset that landed (must-change now, not before) is not set again', () => {
    const input = {
      kind: 'resetPassword' as const,
      params: { mustChange: true },
      state: state({ mustChangePassword: true, passwordLastSetAt: null }),
      applyStartedAt: started,
    };
    assert.equal(decideRecovery({ ...input, mustChangeBefore: false }).decision, 'applied');
    assert.equal(
      decideRecovery({ ...input, mustChangeBefore: true }).decision,
      'reapply',
      'cannot tell: the same derived password again',
    );
  });
  it('a must-change reset on a person who already had to change: the key version tells whether it landed', () => {
    const input = {
      kind: 'resetPassword' as const,
      params: { mustChange: true },
      applyStartedAt: started,
      mustChangeBefore: true,
      keyVersionNumberBefore: 3,
    };
    assert.equal(
      decideRecovery({
        ...input,
        state: state({ mustChangePassword: true, passwordLastSetAt: null, keyVersionNumber: 4 }),
      }).decision,
      'applied',
    );
    assert.equal(
      decideRecovery({
        ...input,
        state: state({ mustChangePassword: true, passwordLastSetAt: null, keyVersionNumber: 3 }),
      }).decision,
      'reapply',
    );
  });
  it('krbtgt: applied when the key version moved, uncertain when the version before is unknown', () => {
    assert.equal(
      decideRecovery({
        kind: 'resetKrbtgt',
        params: {},
        state: state({ keyVersionNumber: 5 }),
        applyStartedAt: started,
        keyVersionNumberBefore: 4,
      }).decision,
      'applied',
    );
    assert.equal(
      decideRecovery({
        kind: 'resetKrbtgt',
        params: {},
        state: state({ keyVersionNumber: 4 }),
        applyStartedAt: started,
        keyVersionNumberBefore: 4,
      }).decision,
      'reapply',
    );
    assert.equal(
      decideRecovery({
        kind: 'resetKrbtgt',
        params: {},
        state: state({ keyVersionNumber: 4 }),
        applyStartedAt: started,
      }).decision,
      'uncertain',
    );
  });
  it('a TAP is never issued twice; a vanished identity is gone', () => {
    assert.equal(
      decideRecovery({ kind: 'issueTap', params: {}, state: state({}), applyStartedAt: started }).decision,
      'uncertain',
    );
    assert.equal(
      decideRecovery({ kind: 'disable', params: {}, state: state({ exists: false }), applyStartedAt: started })
        .decision,
      'gone',
    );
  });
});
