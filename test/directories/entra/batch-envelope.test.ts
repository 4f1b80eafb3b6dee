import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Secret } from '../../../src/core/secret.ts';
import { actionRequest } from '../../../src/directories/entra/action-request.ts';
import { batchRequestText, readBatchResponse } from '../../../src/directories/entra/batch-envelope.ts';
import type { ActionSpec } from '../../../src/core/action.ts';

const action = (kind: ActionSpec['kind'], key = 'u1', params?: ActionSpec['params']): ActionSpec => ({
  kind,
  directory: 'entra',
  identity: { directory: 'entra', key, name: `${key}@lab` },
  ...(params ? { params } : {}),
});

describe('$batch envelope', () => {
  it('uses URLs relative to the version root, a Content-Type and a body on every write item ({} when empty), and reveals the password only on the wire', () => {
    const text = batchRequestText([
      { id: '1', request: actionRequest(action('resetPassword'), new Secret('Canary-Pw-123!')) },
      { id: '2', request: actionRequest(action('revokeSessions', 'u2')) },
    ]);
    const parsed = JSON.parse(text) as {
      requests: Array<{ id: string; method: string; url: string; headers?: Record<string, string>; body?: unknown }>;
    };
    assert.deepEqual(
      parsed.requests.map((r) => [r.id, r.method, r.url]),
      [
        ['1', 'PATCH', '/users/u1'],
        ['2', 'POST', '/users/u2/revokeSignInSessions'],
      ],
    );
    assert.equal(parsed.requests[0]?.headers?.['Content-Type'], 'application/json');
    assert.deepEqual(parsed.requests[0]?.body, {
      passwordProfile: { password: 'Canary-Pw-123!', forceChangePasswordNextSignIn: false },
    });
    // a write with nothing to send still carries both, or Graph refuses the whole batch
    assert.deepEqual(
      [parsed.requests[1]?.headers, parsed.requests[1]?.body],
      [{ 'Content-Type': 'application/json' }, {}],
    );
  });

  it('refuses more than 20 items, duplicate ids in any case, and versioned URLs', () => {
    const item = (id: string) => ({ id, request: actionRequest(action('disable')) });
    assert.throws(() => batchRequestText(Array.from({ length: 21 }, (_, i) => item(String(i)))), /1 to 20/);
    assert.throws(() => batchRequestText([item('a'), item('A')]), /duplicate/);
    assert.throws(
      () => batchRequestText([{ id: '1', request: { method: 'PATCH', url: '/v1.0/users/x' } }]),
      /relative/,
    );
  });

  it('reads item answers in any order, with header names lower-cased', () => {
    const items = readBatchResponse({
      responses: [
        { id: '2', status: 429, headers: { 'Retry-After': '3' }, body: { error: { code: 'TooManyRequests' } } },
        { id: '1', status: 204, headers: {} },
      ],
    });
    assert.deepEqual(
      items.map((i) => [i.id, i.status, i.headers['retry-after']]),
      [
        ['2', 429, '3'],
        ['1', 204, undefined],
      ],
    );
    assert.throws(() => readBatchResponse({ nope: true }), /responses/);
  });
});

describe('actions as Graph requests', () => {
  it('force change with and without MFA, with or without a new password', () => {
    assert.deepEqual(actionRequest(action('requireChange')).body, {
      passwordProfile: { forceChangePasswordNextSignIn: true },
    });
    assert.deepEqual(actionRequest(action('requireChange', 'u1', { withMfa: true })).body, {
      passwordProfile: { forceChangePasswordNextSignIn: true, forceChangePasswordNextSignInWithMfa: true },
    });
    const withPassword = actionRequest(action('requireChange'), new Secret('x'));
    assert.equal(
      JSON.stringify(withPassword.body),
      '{"passwordProfile":{"forceChangePasswordNextSignIn":true,"password":"[redacted]"}}',
    );
  });

  it('a reset without an engine-given password is refused rather than invented', () => {
    assert.throws(
      () => actionRequest(action('resetPassword')),
      (e: { code?: string }) => e.code === 'USAGE_INVALID',
    );
  });

  it('disable, enable, TAP, and AD-only kinds', () => {
    assert.deepEqual(actionRequest(action('disable')), {
      method: 'PATCH',
      url: '/users/u1',
      body: { accountEnabled: false },
    });
    assert.deepEqual(actionRequest(action('enable')).body, { accountEnabled: true });
    assert.deepEqual(actionRequest(action('issueTap', 'u1', { lifetimeMinutes: 60, isUsableOnce: true })), {
      method: 'POST',
      url: '/users/u1/authentication/temporaryAccessPassMethods',
      body: { lifetimeInMinutes: 60, isUsableOnce: true },
    });
    assert.throws(
      () => actionRequest(action('resetKrbtgt')),
      (e: { code?: string }) => e.code === 'NOT_SUPPORTED',
    );
  });
});
