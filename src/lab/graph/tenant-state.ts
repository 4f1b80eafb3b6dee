// The fake tenant's state: users with their Graph-visible properties and hidden fields (password
// hash, force-change flags, methods, roles), app registrations and long-running operations.
import { createHash, randomBytes } from 'node:crypto';
import { ntHash } from './nt-hash.ts';

export interface AuthMethodRecord {
  id: string;
  /** Graph type name without the namespace, e.g. 'phoneAuthenticationMethod' */
  odataType: string;
  createdDateTime: string | null;
  properties: Record<string, unknown>;
}

export interface TapRecord {
  id: string;
  createdMs: number;
  startMs: number;
  lifetimeInMinutes: number;
  isUsableOnce: boolean;
  used: boolean;
  passHash: string;
}

export interface RegistrationFlags {
  isSsprRegistered: boolean;
  isSsprEnabled: boolean;
  isMfaRegistered: boolean;
  isPasswordlessCapable: boolean;
  methodsRegistered: string[];
}

export interface UserHidden {
  passwordSalt: string;
  passwordHash: string | null;
  forceChangePasswordNextSignIn: boolean;
  forceChangePasswordNextSignInWithMfa: boolean;
  /** a cloud PATCH overrode the synced password; the next on-prem change wins again (A2) */
  cloudPasswordOverride: boolean;
  methods: AuthMethodRecord[];
  tap?: TapRecord;
  activeRoles: string[];
  eligibleRoles: string[];
  registration: RegistrationFlags;
  /** emulated instant from which revoked sessions are really refused (A3 "small delay") */
  revocationEffectiveMs?: number;
  passwordChanges: number;
  /** set on users mirrored from the Samba lab by lab-sync.ts: what the last sync cycle saw */
  labSync?: { pwdLastSet: string; passwordVersion: number };
}

export interface UserRecord {
  id: string;
  /** Graph-visible properties, named as in graph-v1-subset.json */
  props: Record<string, unknown>;
  hidden: UserHidden;
}

export interface AppRegistration {
  name: string;
  clientId: string;
  servicePrincipalId: string;
  clientSecret: string;
  certificatePem: string;
  privateKeyPem: string;
  /** application permissions granted (roles claim) */
  permissions: string[];
  /** delegated scopes granted for user sign-in (scp claim) */
  delegatedScopes: string[];
  /** directory role template ids of the service principal (wids claim) */
  directoryRoles: string[];
}

/** A security group; role-assignable ones can hold directory roles (active or PIM-eligible), and
 *  PIM for Groups can make a membership eligible rather than active. */
export interface GroupRecord {
  id: string;
  displayName: string;
  isAssignableToRole: boolean;
  /** user ids, active members */
  members: string[];
  /** user ids with an eligible (PIM for Groups) membership */
  eligibleMembers: string[];
  activeRoles: string[];
  eligibleRoles: string[];
}

export interface OperationRecord {
  id: string;
  userId: string;
  createdMs: number;
  /** set when the operation reached a final status */
  finishedStatus?: 'succeeded' | 'failed';
  statusDetail: string | null;
  newPassword: { hash: string; salt: string } | null;
}

export class TenantState {
  readonly users = new Map<string, UserRecord>();
  private readonly byUpn = new Map<string, string>();
  readonly apps: AppRegistration[] = [];
  readonly operations = new Map<string, OperationRecord>();
  readonly groups = new Map<string, GroupRecord>();
  onPremisesLastSyncMs: number | null = null;

  constructor(
    readonly tenantId: string,
    readonly domains: { name: string; isDefault: boolean }[],
  ) {}

  addUser(user: UserRecord): void {
    const upn = String(user.props.userPrincipalName ?? '').toLowerCase();
    if (this.users.has(user.id) || this.byUpn.has(upn)) throw new Error(`user ${upn} (${user.id}) already exists`);
    this.users.set(user.id, user);
    this.byUpn.set(upn, user.id);
  }

  /** Looks a user up by object id or by userPrincipalName, as Graph paths allow both. */
  findUser(idOrUpn: string): UserRecord | undefined {
    const key = decodeURIComponent(idOrUpn);
    return this.users.get(key) ?? this.users.get(this.byUpn.get(key.toLowerCase()) ?? '');
  }

  renameUpn(user: UserRecord, upn: string): void {
    this.byUpn.delete(String(user.props.userPrincipalName ?? '').toLowerCase());
    user.props.userPrincipalName = upn;
    this.byUpn.set(upn.toLowerCase(), user.id);
  }

  clear(): void {
    this.users.clear();
    this.byUpn.clear();
    this.apps.length = 0;
    this.operations.clear();
    this.groups.clear();
  }

  findApp(clientId: string): AppRegistration | undefined {
    return this.apps.find((a) => a.clientId === clientId);
  }

  /** Principal ids holding a role template actively: users, role-assignable groups and service principals. */
  activeHolders(roleTemplateId: string): Array<{ id: string; kind: 'user' | 'group' | 'servicePrincipal' }> {
    const users = [...this.users.values()].filter((u) => u.hidden.activeRoles.includes(roleTemplateId));
    const groups = [...this.groups.values()].filter(
      (g) => g.isAssignableToRole && g.activeRoles.includes(roleTemplateId),
    );
    const sps = this.apps.filter((a) => a.directoryRoles.includes(roleTemplateId));
    return [
      ...users.map((u) => ({ id: u.id, kind: 'user' as const })),
      ...groups.map((g) => ({ id: g.id, kind: 'group' as const })),
      ...sps.map((a) => ({ id: a.servicePrincipalId, kind: 'servicePrincipal' as const })),
    ];
  }

  /** Whether a user is an active or eligible member of a role-assignable group. */
  inRoleAssignableGroup(userId: string): boolean {
    for (const g of this.groups.values())
      if (g.isAssignableToRole && (g.members.includes(userId) || g.eligibleMembers.includes(userId))) return true;
    return false;
  }
}

// SAFETY: the emulator keeps only a salted hash of any password it is given, never the text, so
// state dumps and the request log cannot leak what a client sent.
// Entra keeps a synced password as a salted hash of the AD NT hash (password hash sync: MD4, then a
// per-user salt and PBKDF2-HMAC-SHA256,
// https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-password-hash-synchronization).
// The emulator does the same for every password (a salted SHA-256 stands in for PBKDF2), so a
// hash synced from the lab DC and a password set through Graph are checked the same way.
export function hashPassword(password: string, salt: string): string {
  return hashOfNtHash(ntHash(password), salt);
}

export function hashOfNtHash(nt: Buffer, salt: string): string {
  return createHash('sha256')
    .update(`${salt}:${nt.toString('hex')}`)
    .digest('hex');
}

/** Whether `password` is the user's current cloud password. */
export function passwordMatches(user: UserRecord, password: string): boolean {
  return (
    user.hidden.passwordHash !== null && hashPassword(password, user.hidden.passwordSalt) === user.hidden.passwordHash
  );
}

export function newSalt(): string {
  return randomBytes(8).toString('hex');
}

/** A deterministic GUID from a seed string, so seeded ids are stable across runs. */
export function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function randomGuid(): string {
  return stableGuid(randomBytes(16).toString('hex'));
}
