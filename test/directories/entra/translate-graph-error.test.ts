import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transportErrorNames } from '../../../src/directories/entra/graph-https-handler.ts';
import {
  graphFailureCode,
  readGraphFailure,
  translateThrown,
} from '../../../src/directories/entra/translate-graph-error.ts';

const body = (code: string, message: string) => ({
  error: { code, message, innerError: { date: '2025-02-13T10:17:06' } },
});

describe('Graph errors become catalog codes', () => {
  const cases: Array<[number, unknown, boolean, string]> = [
    [
      403,
      body('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      true,
      'INSUFFICIENT_RIGHTS',
    ],
    [
      404,
      body(
        'Request_ResourceNotFound',
        "Resource 'x' does not exist or one of its queried reference-property objects are not present.",
      ),
      true,
      'IDENTITY_NOT_FOUND',
    ],
    [
      400,
      body(
        'Request_BadRequest',
        'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.',
      ),
      true,
      'IDENTITY_MASTERED_ON_PREMISES',
    ],
    [
      400,
      body(
        'Request_BadRequest',
        'The specified password does not comply with password complexity requirements. Please provide a different password.',
      ),
      true,
      'PASSWORD_POLICY_REJECTED',
    ],
    [429, body('TooManyRequests', 'Please retry again later.'), true, 'DIRECTORY_THROTTLED'],
    [504, undefined, true, 'OUTCOME_UNKNOWN'],
    [503, body('serviceNotAvailable', 'x'), true, 'OUTCOME_UNKNOWN'],
    [504, undefined, false, 'DIRECTORY_UNAVAILABLE'],
    [401, body('InvalidAuthenticationToken', 'Access token is empty.'), false, 'SERVICE_ACCOUNT_LOGON_FAILED'],
    [400, body('Request_BadRequest', 'Invalid value specified for property'), true, 'CONSTRAINT_VIOLATION'],
  ];
  for (const [status, raw, isWrite, expected] of cases) {
    it(`${status} ${(raw as { error?: { code?: string } } | undefined)?.error?.code ?? ''} (${isWrite ? 'write' : 'read'}) -> ${expected}`, () => {
      assert.equal(graphFailureCode(readGraphFailure(status, raw), isWrite), expected);
    });
  }

  it('reads an error body given as JSON text', () => {
    assert.deepEqual(readGraphFailure(403, JSON.stringify(body('Authorization_RequestDenied', 'no'))), {
      status: 403,
      code: 'Authorization_RequestDenied',
      message: 'no',
    });
  });

  it('a write cut off after sending has an unknown outcome; one never sent is unavailable', () => {
    const cut = Object.assign(new Error('reset'), {
      name: 'GraphError',
      code: transportErrorNames.maybeSent,
      statusCode: -1,
    });
    const refused = Object.assign(new Error('refused'), {
      name: 'GraphError',
      code: transportErrorNames.notSent,
      statusCode: -1,
    });
    assert.equal(translateThrown(cut, 'x', true).code, 'OUTCOME_UNKNOWN');
    assert.equal(translateThrown(cut, 'x', false).code, 'DIRECTORY_UNAVAILABLE');
    assert.equal(translateThrown(refused, 'x', true).code, 'DIRECTORY_UNAVAILABLE');
  });

  it('a credential failure is the service account failing to sign in', () => {
    const e = Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), {
      name: 'GraphError',
      code: 'AuthenticationError',
      statusCode: -1,
    });
    const translated = translateThrown(e, 'listing users', false);
    assert.equal(translated.code, 'SERVICE_ACCOUNT_LOGON_FAILED');
    assert.match(translated.message, /AADSTS7000215/);
  });
});
