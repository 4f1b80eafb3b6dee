// The in-process control surface of a running emulator: seed, reset, move the clock, inject
// faults, read the request log and raw user state (hidden fields included) for assertions.
import { isoInstant, type EmulatorClock } from './emulator-clock.ts';
import { mergeSettings, type EmulatorSettings } from './emulator-settings.ts';
import type { FaultRule, FaultTable } from './faults.ts';
import type { RequestLog, RequestLogEntry } from './request-log.ts';
import type { Writeback } from './lab-writeback.ts';
import { hashPassword, passwordMatches, stableGuid, type TenantState, type UserRecord } from './tenant-state.ts';
import type { ThrottleGate } from './throttle-gate.ts';
import { buildUserRecord, type SeedUser } from './user-record.ts';

export interface SyncReport {
  created: number;
  updated: number;
  passwordChangesCarried: number;
  users: number;
}

export interface GraphEmulatorControl {
  seedUsers(users: SeedUser[]): string[];
  /** Mirrors the lab's Samba domain (see lab-sync.ts); runs again to carry password changes. */
  syncFromAd(labInfo?: unknown): Promise<SyncReport>;
  /** Back to the deterministic seed: users, settings, buckets, faults, log. */
  reset(): void;
  advanceClock(ms: number): void;
  now(): number;
  injectFault(rule: FaultRule): string;
  clearFaults(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** raw state (a copy), hidden fields included */
  getUser(idOrUpn: string): UserRecord | undefined;
  listUsers(): UserRecord[];
  verifyPassword(idOrUpn: string, password: string): boolean;
  settings(): EmulatorSettings;
  updateSettings(patch: Partial<EmulatorSettings>): EmulatorSettings;
  setRoles(idOrUpn: string, roles: { active?: string[]; eligible?: string[] }): void;
  /** The user registers authentication methods (named as userRegistrationDetails.methodsRegistered):
   *  SSPR and MFA registration follow, as for a seeded user. */
  registerMethods(idOrUpn: string, methods: string[]): void;
  /** Adds (or replaces) a group: role-assignable groups may hold roles; members by id or UPN. */
  seedGroup(group: {
    displayName: string;
    isAssignableToRole?: boolean;
    members?: string[];
    eligibleMembers?: string[];
    activeRoles?: string[];
    eligibleRoles?: string[];
  }): string;
  /** The end user changes their own password in the cloud (after a forced change, or through SSPR):
   *  the step a campaign waits for. Clears the force-change flags and moves
   *  lastPasswordChangeDateTime. A synced user's change needs password writeback, which writes it to
   *  the on-premises account first; without writeback it is refused (the password is mastered on-premises). */
  userChangesPassword(idOrUpn: string, newPassword: string): Promise<void>;
}

export interface ControlDeps {
  tenant: TenantState;
  clock: EmulatorClock;
  faults: FaultTable;
  log: RequestLog;
  throttle: ThrottleGate;
  getSettings(): EmulatorSettings;
  setSettings(settings: EmulatorSettings): void;
  reseed(): void;
  /** lands due resetPassword operations, so raw reads see them */
  settle(): void;
  syncFromAd(labInfo?: unknown): Promise<SyncReport>;
  /** password writeback to the on-premises directory (lab-writeback.ts) */
  writeback: Writeback;
}

export function createControl(d: ControlDeps): GraphEmulatorControl {
  const must = (idOrUpn: string) => {
    const u = d.tenant.findUser(idOrUpn);
    if (!u) throw new Error(`no user '${idOrUpn}' in the emulator`);
    return u;
  };
  return {
    seedUsers: (users) =>
      users.map((s) => {
        const record = buildUserRecord(s, d.clock.now());
        d.tenant.addUser(record);
        return record.id;
      }),
    syncFromAd: (labInfo) => d.syncFromAd(labInfo),
    reset: () => {
      d.reseed();
      d.faults.clear();
      d.log.clear();
      d.throttle.reset();
    },
    advanceClock: (ms) => d.clock.advance(ms),
    now: () => d.clock.now(),
    injectFault: (rule) => d.faults.inject(rule),
    clearFaults: () => d.faults.clear(),
    requestLog: () => d.log.list(),
    clearRequestLog: () => d.log.clear(),
    getUser: (idOrUpn) => {
      d.settle();
      const u = d.tenant.findUser(idOrUpn);
      return u ? (structuredClone(u) as UserRecord) : undefined;
    },
    listUsers: () => {
      d.settle();
      return [...d.tenant.users.values()].map((u) => structuredClone(u) as UserRecord);
    },
    verifyPassword: (idOrUpn, password) => {
      d.settle();
      return passwordMatches(must(idOrUpn), password);
    },
    settings: () => structuredClone(d.getSettings()),
    updateSettings: (patch) => {
      d.setSettings(mergeSettings(d.getSettings(), patch));
      return structuredClone(d.getSettings());
    },
    userChangesPassword: async (idOrUpn, newPassword) => {
      const u = must(idOrUpn);
      if (u.props.onPremisesSyncEnabled === true) {
        if (!d.getSettings().passwordWriteback) {
          throw new Error(
            `${String(u.props.userPrincipalName)} is synchronised from on-premises and password writeback is off: the password can only be changed on-premises`,
          );
        }
        // Writeback is synchronous: the on-premises reset must succeed before the cloud takes it.
        await d.writeback(u, newPassword);
      }
      u.hidden.passwordHash = hashPassword(newPassword, u.hidden.passwordSalt);
      u.hidden.passwordChanges += 1;
      u.hidden.cloudPasswordOverride = false;
      u.hidden.forceChangePasswordNextSignIn = false;
      u.hidden.forceChangePasswordNextSignInWithMfa = false;
      u.props.lastPasswordChangeDateTime = isoInstant(d.clock.now());
    },
    seedGroup: (g) => {
      const id = stableGuid(`group:${g.displayName}`);
      d.tenant.groups.set(id, {
        id,
        displayName: g.displayName,
        isAssignableToRole: g.isAssignableToRole ?? true,
        members: (g.members ?? []).map((m) => must(m).id),
        eligibleMembers: (g.eligibleMembers ?? []).map((m) => must(m).id),
        activeRoles: [...(g.activeRoles ?? [])],
        eligibleRoles: [...(g.eligibleRoles ?? [])],
      });
      return id;
    },
    registerMethods: (idOrUpn, methods) => {
      const u = must(idOrUpn);
      const fresh = buildUserRecord({ userPrincipalName: String(u.props.userPrincipalName), methods }, d.clock.now());
      u.hidden.methods = fresh.hidden.methods;
      u.hidden.registration = fresh.hidden.registration;
    },
    setRoles: (idOrUpn, roles) => {
      const u = must(idOrUpn);
      if (roles.active) u.hidden.activeRoles = [...roles.active];
      if (roles.eligible) u.hidden.eligibleRoles = [...roles.eligible];
    },
  };
}
