// The emulator's tenant flags. Open questions of graph.md (synced-user PATCH, which bucket
// authentication-method writes draw from, ...) are settings, so a live check changes one value.

export interface TapPolicy {
  state: 'enabled' | 'disabled';
  defaultLifetimeInMinutes: number;
  minimumLifetimeInMinutes: number;
  maximumLifetimeInMinutes: number;
  defaultLength: number;
  isUsableOnce: boolean;
  /** user ids (or 'all_users') the method applies to */
  includeTargets: string[];
  excludeTargets: string[];
}

export interface EmulatorSettings {
  /** graph.md A2: a cloud PATCH of a synced user's password is refused (400) or applied as an override. */
  syncedPasswordPatch: 'reject' | 'cloudOverride';
  /**
   * A PATCH that only sets forceChangePasswordNextSignIn[WithMfa] on a synced user: Microsoft's docs
   * do not settle whether it takes effect (graph.md, "Correction"; an old docs issue reports a 204
   * that changed nothing). 'apply' sets the flag; 'ignore' answers 204 and changes nothing.
   */
  syncedForceChangePatch: 'apply' | 'ignore';
  /** Hidden, as in Entra: not readable through Graph. With it a synced user's cloud password change
   *  is written to the lab AD (lab-writeback.ts); without it the change is refused. */
  passwordWriteback: boolean;
  federatedDomains: string[];
  /** Domains whose cloud sign-in is validated on-premises by pass-through authentication: the
   *  lab's AD (Kerberos) decides, as for a federated domain with a lab mirror. */
  passThroughDomains: string[];
  /** Connect's OU-based filtering: the lab sync mirrors only users under these DNs (empty: the whole
   *  domain; https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-sync-configure-filtering) */
  syncScope: string[];
  /** 'auto' derives S/M/L from the user count (S < 50, M 50-500, L > 500). */
  tenantSize: 'auto' | 'S' | 'M' | 'L';
  licences: { p1: boolean; p2: boolean };
  dirSync: { enabled: boolean; passwordSyncEnabled: boolean; userForcePasswordChangeOnLogonEnabled: boolean };
  tapPolicy: TapPolicy;
  /** Which bucket per-user authentication-method calls draw from: the throttling page lists them
   *  under the identity-and-access reports limit, 5 requests per 10 s (graph.md, "More facts"). */
  authMethodsBucket: 'identity' | 'reports';
  /**
   * graph.md A9 lists signInActivity among the identity and access reports (5 requests per 10 s per
   * app and tenant) and gives it its own 10 requests per minute: whether a signInActivity request
   * also draws from the reports bucket. Both readings are tested; the default is the stricter one.
   */
  signInActivityCountsAsReport: boolean;
  /** Retry-After as fractional seconds (an older doc sample shows 2.128) instead of whole seconds. */
  fractionalRetryAfter: boolean;
  /** revokeSignInSessions takes effect for sign-in simulation only after this delay (A3). */
  revokeEffectiveAfterMinutes: number;
  /** Whether PIM-eligible roles protect a target like active ones do in the reset matrix. */
  eligibleRolesProtectTarget: boolean;
  /** graph.md A2: field reports say User.ReadWrite.All alone gets a 403 on passwordProfile. */
  userReadWriteAllCanWritePasswordProfile: boolean;
  /** Return $batch items in a shuffled order (real Graph may), to test clients that assume order. */
  shuffleBatchResponses: boolean;
  /** Emulated milliseconds a resetPassword operation spends in notStarted, then running. */
  resetPasswordStepMs: number;
  /** Access-token lifetime in real seconds (tokens ignore the movable emulator clock). */
  tokenLifetimeSeconds: number;
}

export function defaultSettings(): EmulatorSettings {
  return {
    syncedPasswordPatch: 'reject',
    syncedForceChangePatch: 'apply',
    passwordWriteback: false,
    federatedDomains: ['fed.lab.example'],
    passThroughDomains: [],
    syncScope: [],
    tenantSize: 'auto',
    licences: { p1: true, p2: true },
    dirSync: { enabled: true, passwordSyncEnabled: true, userForcePasswordChangeOnLogonEnabled: false },
    tapPolicy: {
      state: 'enabled',
      defaultLifetimeInMinutes: 60,
      minimumLifetimeInMinutes: 60,
      maximumLifetimeInMinutes: 480,
      defaultLength: 8,
      isUsableOnce: false,
      includeTargets: ['all_users'],
      excludeTargets: [],
    },
    authMethodsBucket: 'reports',
    signInActivityCountsAsReport: true,
    fractionalRetryAfter: false,
    revokeEffectiveAfterMinutes: 5,
    eligibleRolesProtectTarget: true,
    userReadWriteAllCanWritePasswordProfile: false,
    shuffleBatchResponses: false,
    resetPasswordStepMs: 2000,
    tokenLifetimeSeconds: 3599,
  };
}

export function mergeSettings(base: EmulatorSettings, patch: Partial<EmulatorSettings> | undefined): EmulatorSettings {
  if (!patch) return base;
  return {
    ...base,
    ...patch,
    licences: { ...base.licences, ...patch.licences },
    dirSync: { ...base.dirSync, ...patch.dirSync },
    tapPolicy: { ...base.tapPolicy, ...patch.tapPolicy },
  };
}
