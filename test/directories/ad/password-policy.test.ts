import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainPolicyFromEntry, psoFromEntry } from '../../../src/directories/ad/password-policy.ts';

const domain = domainPolicyFromEntry('DC=lab,DC=example', {
  minPwdLength: '7',
  pwdProperties: '1',
  pwdHistoryLength: '24',
  maxPwdAge: '-36288000000000',
  minPwdAge: '-864000000000',
  lockoutThreshold: '0',
});
const pso = psoFromEntry('CN=Short,CN=Password Settings Container,CN=System,DC=lab,DC=example', {
  cn: 'Short',
  'msDS-MinimumPasswordLength': '14',
  'msDS-PasswordComplexityEnabled': 'TRUE',
  'msDS-PasswordHistoryLength': '5',
  'msDS-MaximumPasswordAge': String(-2n * 86400n * 10_000_000n),
  'msDS-MinimumPasswordAge': '0',
  'msDS-LockoutThreshold': '5',
  'msDS-PasswordSettingsPrecedence': '10',
  'msDS-PSOAppliesTo': ['CN=g1,DC=lab,DC=example', 'CN=g2,DC=lab,DC=example'],
});

describe('password policies', () => {
  it('reads the domain policy from the domain head', () => {
    assert.deepEqual(
      {
        min: domain.minLength,
        cx: domain.complexity,
        h: domain.historyLength,
        max: domain.maxAgeSeconds,
        minAge: domain.minAgeSeconds,
      },
      { min: 7, cx: true, h: 24, max: 42 * 86400, minAge: 86400 },
    );
  });
  it('reads a PSO', () => {
    assert.equal(pso.minLength, 14);
    assert.equal(pso.maxAgeSeconds, 2 * 86400);
    assert.equal(pso.precedence, 10);
    assert.deepEqual(pso.appliesTo, ['CN=g1,DC=lab,DC=example', 'CN=g2,DC=lab,DC=example']);
  });
});
