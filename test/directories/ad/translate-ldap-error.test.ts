import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchAttributeError,
  NoSuchObjectError,
  StrongAuthRequiredError,
  BusyError,
  UnwillingToPerformError,
} from 'ldapts';
import { ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import { bindFailureCode, translateLdapError } from '../../../src/directories/ad/translate-ldap-error.ts';

const code = (error: unknown, op: 'connect' | 'bind' | 'read' | 'write' = 'write') =>
  translateLdapError(error, op, 'CN=x').code;

describe('LDAP error translation', () => {
  it('maps the AD sub-codes of invalidCredentials (49) for end-user sign-ins', () => {
    const msg = (data: string) =>
      `80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data ${data}, v4563`;
    assert.equal(bindFailureCode(msg('52e')), 'INVALID_CREDENTIALS');
    assert.equal(bindFailureCode(msg('773')), 'PASSWORD_MUST_CHANGE');
    assert.equal(bindFailureCode(msg('533')), 'ACCOUNT_DISABLED');
    assert.equal(bindFailureCode(msg('532')), 'PASSWORD_EXPIRED');
    assert.equal(bindFailureCode(msg('775')), 'ACCOUNT_LOCKED');
    assert.equal(bindFailureCode(msg('701')), 'ACCOUNT_EXPIRED');
    assert.equal(bindFailureCode(msg('531')), 'LOGON_NOT_PERMITTED');
  });

  it('treats a failed bind of the service account as its own logon failure', () => {
    assert.equal(code(new InvalidCredentialsError('data 52e'), 'bind'), 'SERVICE_ACCOUNT_LOGON_FAILED');
  });

  it('maps result codes to per-identity outcomes', () => {
    assert.equal(code(new InsufficientAccessError('00002098: insufficient access')), 'INSUFFICIENT_RIGHTS');
    assert.equal(code(new NoSuchObjectError('0000208D: no such object')), 'IDENTITY_NOT_FOUND');
    assert.equal(code(new NoSuchAttributeError('attribute value not found')), 'CONCURRENT_MODIFICATION');
    assert.equal(
      code(
        new ConstraintViolationError(
          '0000052D: Constraint violation - check_password_restrictions: the password is too short',
        ),
      ),
      'PASSWORD_POLICY_REJECTED',
    );
    assert.equal(code(new ConstraintViolationError('something else')), 'CONSTRAINT_VIOLATION');
    assert.equal(code(new UnwillingToPerformError('0000052D: password history')), 'PASSWORD_POLICY_REJECTED');
    assert.equal(code(new StrongAuthRequiredError('BindSimple: Transport encryption required.')), 'INSECURE_TRANSPORT');
    assert.equal(code(new BusyError('busy')), 'DIRECTORY_BUSY');
  });

  it('reports a timed-out or cut-off write as outcome unknown, a read as unavailable', () => {
    const timeout = new Error('ModifyRequest: Operation timed out');
    assert.equal(code(timeout, 'write'), 'OUTCOME_UNKNOWN');
    assert.equal(code(timeout, 'read'), 'DIRECTORY_UNAVAILABLE');
    assert.equal(
      code(
        new Error('Connection closed before message response was received. Message type: ModifyRequest (0x66)'),
        'write',
      ),
      'OUTCOME_UNKNOWN',
    );
    assert.equal(translateLdapError(timeout, 'write', 'x').retryable, true);
  });

  it('maps network and certificate failures', () => {
    assert.equal(
      code(Object.assign(new Error('connect ECONNREFUSED 127.0.0.2:636'), { code: 'ECONNREFUSED' }), 'connect'),
      'DIRECTORY_UNAVAILABLE',
    );
    assert.equal(
      code(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'connect'),
      'TLS_CERTIFICATE_INVALID',
    );
    assert.equal(code(new Error('Connection timeout after 5000ms'), 'connect'), 'DIRECTORY_UNAVAILABLE');
  });

  it('names the operation and target, keeps the diagnostic in details, passes ReclaimErrors through', () => {
    const e = translateLdapError(new InsufficientAccessError('00002098: insufficient'), 'write', 'CN=Alice,OU=x');
    assert.match(e.message, /^write CN=Alice,OU=x: .*rights.*\(LDAP 50\)$/);
    assert.match(e.details[0] ?? '', /^00002098: insufficient/);
    const original = new ReclaimError('NOT_SUPPORTED');
    assert.equal(translateLdapError(original, 'write', 'x'), original);
    assert.equal(code(new TypeError('boom')), 'UNEXPECTED');
  });
});
