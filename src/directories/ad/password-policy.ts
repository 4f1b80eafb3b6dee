// The domain password policy (attributes on the domain head) and Fine-Grained Password Policies
// (msDS-PasswordSettings objects, "PSOs"), read into one shape by discovery.
// https://learn.microsoft.com/en-us/windows-server/identity/ad-ds/get-started/adac/fine-grained-password-policies
import { intervalToSeconds } from './filetime.ts';
import { allValues, firstValue, type LdapValues } from './ldap-values.ts';

export interface PasswordPolicy {
  source: 'domain' | 'pso';
  dn: string;
  name: string;
  minLength: number;
  complexity: boolean;
  historyLength: number;
  /** null: passwords never expire under this policy */
  maxAgeSeconds: number | null;
  minAgeSeconds: number;
  lockoutThreshold: number;
  /** PSO only: lower wins */
  precedence?: number;
  /** PSO only: the groups and users it is linked to */
  appliesTo?: string[];
}

const int = (v: string | undefined, fallback = 0): number => (v === undefined || v === '' ? fallback : Number(v));

/** pwdProperties bit 1: DOMAIN_PASSWORD_COMPLEX */
export function domainPolicyFromEntry(dn: string, entry: LdapValues): PasswordPolicy {
  return {
    source: 'domain',
    dn,
    name: 'Default Domain Policy',
    minLength: int(firstValue(entry, 'minPwdLength')),
    complexity: (int(firstValue(entry, 'pwdProperties')) & 1) === 1,
    historyLength: int(firstValue(entry, 'pwdHistoryLength')),
    maxAgeSeconds: intervalToSeconds(firstValue(entry, 'maxPwdAge')),
    minAgeSeconds: intervalToSeconds(firstValue(entry, 'minPwdAge')) ?? 0,
    lockoutThreshold: int(firstValue(entry, 'lockoutThreshold')),
  };
}

export function psoFromEntry(dn: string, entry: LdapValues): PasswordPolicy {
  return {
    source: 'pso',
    dn,
    name: firstValue(entry, 'cn') ?? dn,
    minLength: int(firstValue(entry, 'msDS-MinimumPasswordLength')),
    complexity: /^true$/i.test(firstValue(entry, 'msDS-PasswordComplexityEnabled') ?? ''),
    historyLength: int(firstValue(entry, 'msDS-PasswordHistoryLength')),
    maxAgeSeconds: intervalToSeconds(firstValue(entry, 'msDS-MaximumPasswordAge')),
    minAgeSeconds: intervalToSeconds(firstValue(entry, 'msDS-MinimumPasswordAge')) ?? 0,
    lockoutThreshold: int(firstValue(entry, 'msDS-LockoutThreshold')),
    precedence: int(firstValue(entry, 'msDS-PasswordSettingsPrecedence')),
    appliesTo: allValues(entry, 'msDS-PSOAppliesTo'),
  };
}

export const domainPolicyAttributes = [
  'minPwdLength',
  'pwdProperties',
  'pwdHistoryLength',
  'maxPwdAge',
  'minPwdAge',
  'lockoutThreshold',
];
export const psoAttributes = [
  'cn',
  'msDS-MinimumPasswordLength',
  'msDS-PasswordComplexityEnabled',
  'msDS-PasswordHistoryLength',
  'msDS-MaximumPasswordAge',
  'msDS-MinimumPasswordAge',
  'msDS-LockoutThreshold',
  'msDS-PasswordSettingsPrecedence',
  'msDS-PSOAppliesTo',
];
