// userAccountControl bits. https://learn.microsoft.com/en-us/troubleshoot/windows-server/active-directory/useraccountcontrol-manipulate-account-properties
export const uacFlags = {
  SCRIPT: 0x1,
  ACCOUNTDISABLE: 0x2,
  HOMEDIR_REQUIRED: 0x8,
  LOCKOUT: 0x10,
  PASSWD_NOTREQD: 0x20,
  PASSWD_CANT_CHANGE: 0x40,
  ENCRYPTED_TEXT_PWD_ALLOWED: 0x80,
  TEMP_DUPLICATE_ACCOUNT: 0x100,
  NORMAL_ACCOUNT: 0x200,
  INTERDOMAIN_TRUST_ACCOUNT: 0x800,
  WORKSTATION_TRUST_ACCOUNT: 0x1000,
  SERVER_TRUST_ACCOUNT: 0x2000,
  DONT_EXPIRE_PASSWORD: 0x10000,
  MNS_LOGON_ACCOUNT: 0x20000,
  SMARTCARD_REQUIRED: 0x40000,
  TRUSTED_FOR_DELEGATION: 0x80000,
  NOT_DELEGATED: 0x100000,
  USE_DES_KEY_ONLY: 0x200000,
  DONT_REQ_PREAUTH: 0x400000,
  PASSWORD_EXPIRED: 0x800000,
  TRUSTED_TO_AUTH_FOR_DELEGATION: 0x1000000,
  PARTIAL_SECRETS_ACCOUNT: 0x4000000,
} as const;

export type UacFlag = keyof typeof uacFlags;

export type UacAccountKind = 'normal' | 'workstation' | 'server' | 'interdomainTrust' | 'readOnlyDc' | 'unknown';

export interface DecodedUac {
  raw: number;
  disabled: boolean;
  lockedOut: boolean;
  passwordNotRequired: boolean;
  cannotChangePassword: boolean;
  passwordNeverExpires: boolean;
  smartcardRequired: boolean;
  passwordExpired: boolean;
  preauthNotRequired: boolean;
  trustedForDelegation: boolean;
  kind: UacAccountKind;
  flags: UacFlag[];
}

export function decodeUac(raw: number): DecodedUac {
  const has = (bit: number): boolean => (raw & bit) !== 0;
  const flags = (Object.keys(uacFlags) as UacFlag[]).filter((name) => has(uacFlags[name]));
  let kind: UacAccountKind = 'unknown';
  if (has(uacFlags.SERVER_TRUST_ACCOUNT)) kind = 'server';
  else if (has(uacFlags.WORKSTATION_TRUST_ACCOUNT))
    kind = has(uacFlags.PARTIAL_SECRETS_ACCOUNT) ? 'readOnlyDc' : 'workstation';
  else if (has(uacFlags.INTERDOMAIN_TRUST_ACCOUNT)) kind = 'interdomainTrust';
  else if (has(uacFlags.NORMAL_ACCOUNT)) kind = 'normal';
  return {
    raw,
    disabled: has(uacFlags.ACCOUNTDISABLE),
    lockedOut: has(uacFlags.LOCKOUT),
    passwordNotRequired: has(uacFlags.PASSWD_NOTREQD),
    cannotChangePassword: has(uacFlags.PASSWD_CANT_CHANGE),
    passwordNeverExpires: has(uacFlags.DONT_EXPIRE_PASSWORD),
    smartcardRequired: has(uacFlags.SMARTCARD_REQUIRED),
    passwordExpired: has(uacFlags.PASSWORD_EXPIRED),
    preauthNotRequired: has(uacFlags.DONT_REQ_PREAUTH),
    trustedForDelegation: has(uacFlags.TRUSTED_FOR_DELEGATION),
    kind,
    flags,
  };
}

/** Sets or clears one bit, leaving every other bit as it was. */
export function withUacFlag(raw: number, bit: number, on: boolean): number {
  return on ? (raw | bit) >>> 0 : (raw & ~bit) >>> 0;
}
