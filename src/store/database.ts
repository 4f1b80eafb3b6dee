// The store's schema as Kysely sees it (camelCase; the SQL is snake_case through CamelCasePlugin).
// Conventions, the same on SQLite and PostgreSQL so every query runs unchanged on both:
// - timestamps are ISO-8601 UTC strings from Date.toISOString() (text columns): one fixed format,
//   so comparing the strings compares the instants;
// - JSON documents are text holding JSON (parsed and written by the query modules);
// - flags are integers 0/1 (better-sqlite3 cannot bind booleans);
// - surrogate ids are integers (PostgreSQL bigint identity, read back as JS numbers).
import type { ColumnType, Generated } from 'kysely';
import type { ManualTaskKind, ManualTaskState } from '../core/tasks/manual-task.ts';

export type Flag = 0 | 1;
/** An ISO-8601 UTC timestamp from Date.toISOString(). */
export type IsoTime = string;
/** A column holding JSON as text. */
export type JsonText = string;

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'aborted' | 'completed';
export const campaignStatuses: readonly CampaignStatus[] = ['draft', 'active', 'paused', 'aborted', 'completed'];

export type ActionState = 'planned' | 'claimed' | 'applied' | 'verified' | 'failed' | 'skipped';
export const actionStates: readonly ActionState[] = ['planned', 'claimed', 'applied', 'verified', 'failed', 'skipped'];

export type OperatorRole = 'viewer' | 'helpdesk' | 'operator' | 'commander' | 'admin';
export const operatorRoles: readonly OperatorRole[] = ['viewer', 'helpdesk', 'operator', 'commander', 'admin'];

export type NoticeKind = 'announcement' | 'reminder' | 'final-warning' | 'disabled';
export const noticeKinds: readonly NoticeKind[] = ['announcement', 'reminder', 'final-warning', 'disabled'];

export type VerificationMethod = 'in-person' | 'video' | 'call-back' | 'manager-attestation';
export const verificationMethods: readonly VerificationMethod[] = [
  'in-person',
  'video',
  'call-back',
  'manager-attestation',
];

export interface SnapshotsTable {
  id: Generated<number>;
  directory: string;
  campaignId: string | null;
  startedAt: IsoTime;
  finishedAt: IsoTime | null;
  count: ColumnType<number, number | undefined, number>;
}

export interface IdentitiesTable {
  snapshotId: number;
  directory: string;
  key: string;
  name: string;
  dn: string | null;
  kind: string;
  accountType: string;
  enabled: Flag;
  privileged: Flag;
  department: string | null;
  site: string | null;
  linkedKey: string | null;
  /** a synced Entra user tied to one AD object: that object's directory (migration 0018) */
  linkedDirectory: string | null;
  /** 1: a synced Entra user whose anchors name two AD objects (migration 0018) */
  linkAmbiguous: ColumnType<Flag, Flag | undefined, Flag>;
  /** an AD identity's objectSid, upper-cased (null for rows stored before migration 0017) */
  sid: ColumnType<string | null, string | null | undefined, string | null>;
  /** the full Identity (src/core/identity.ts) as JSON */
  data: JsonText;
}

/** per-person report entries spilled during one discovery (migration 0017) */
export interface DiscoveryScratchTable {
  snapshotId: number;
  report: string;
  entryKey: string;
  value: string;
}

export interface CampaignsTable {
  id: string;
  name: string;
  createdAt: IsoTime;
  createdBy: string | null;
  t0: IsoTime | null;
  status: CampaignStatus;
  killSwitch: Flag;
  killSwitchChangedAt: IsoTime | null;
  killSwitchChangedBy: string | null;
  configHash: string | null;
  /** keyed fingerprint of engine.passwordKey, recorded at the first password action (migration 0009) */
  passwordKeyFingerprint: string | null;
}

export interface TriageDecisionsTable {
  id: Generated<number>;
  campaignId: string;
  answeredBy: string;
  answeredAt: IsoTime;
  answers: JsonText;
  decision: JsonText;
}

export interface PlansTable {
  id: string;
  campaignId: string;
  name: string;
  createdBy: string;
  createdAt: IsoTime;
}

export interface PlanVersionsTable {
  /** the content hash of the body */
  id: string;
  planId: string;
  parentVersionId: string | null;
  createdBy: string;
  createdAt: IsoTime;
  body: JsonText;
}

/** A plan version's `waves` as its body holds them, as JSON (migration 0012): read without the body. */
export interface PlanVersionWavesTable {
  planVersionId: string;
  waves: JsonText;
}

/** A plan version's assignments, one row each (migration 0014): `assignment` is the body's `assignments[ordinal]` as JSON. */
export interface PlanAssignmentsTable {
  planVersionId: string;
  ordinal: number;
  assignment: JsonText;
}

/** A planning run that has scratch rows in plan_spill, with its last heartbeat (migration 0016). */
export interface PlanSpillRunsTable {
  runId: string;
  beatAt: IsoTime;
}

/** A planning run's assignment, by bucket and order of arrival, as JSON (migration 0016): scratch. */
export interface PlanSpillTable {
  runId: string;
  tier: number;
  groupKey: string;
  seq: number;
  assignment: JsonText;
}

/** A plan version's body without its assignments, as JSON (migration 0014). */
export interface PlanVersionHeadersTable {
  planVersionId: string;
  header: JsonText;
}

/** Per wave of a plan version, the dashboard's figures, written when the version is saved (plans/plan-figures.ts). */
export interface PlanWaveFiguresTable {
  planVersionId: string;
  number: number;
  startAt: IsoTime;
  expectedCalls: number | null;
  /** how many of the wave's people are treated through the helpdesk */
  helpdeskPeople: number;
}

/** The people of a plan version treated through the helpdesk, once each, with their wave number. */
export interface PlanHelpdeskPeopleTable {
  planVersionId: string;
  waveNumber: number;
  directory: string;
  identityKey: string;
}

export interface ApprovalsTable {
  id: Generated<number>;
  planVersionId: string;
  approver: string;
  approvedAt: IsoTime;
  role: string | null;
  comment: string | null;
}

export interface WavesTable {
  id: Generated<number>;
  planVersionId: string;
  ordinal: number;
  name: string;
  startsAt: IsoTime;
  deadlineAt: IsoTime;
  graceUntil: IsoTime | null;
  size: number;
}

export interface ActionsTable {
  id: Generated<number>;
  campaignId: string;
  waveId: number | null;
  directory: string;
  identityKey: string;
  identityName: string;
  kind: string;
  params: JsonText;
  state: ActionState;
  failureRetryable: Flag | null;
  attempts: Generated<number>;
  nextAttemptAt: IsoTime | null;
  leaseOwner: string | null;
  leaseExpiresAt: IsoTime | null;
  /** set when the engine journals 'apply-start'; cleared when the action leaves 'claimed' */
  applyStartedAt: IsoTime | null;
  lastErrorCode: string | null;
  lastErrorMessage: string | null;
  idempotencyKey: string;
  /** a hash proving a retry reused the same generated secret; never the secret itself */
  secretFingerprint: string | null;
  /** the seq of this action's last journal event */
  journalSeq: Generated<number>;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

/** Actions per (campaign, wave, state), kept with every state change (actions/action-counters.ts). */
export interface ActionCountsTable {
  campaignId: string;
  /** the wave's id, 0 for actions outside any wave */
  waveKey: number;
  state: ActionState;
  count: number;
}

/** The journal's dashboard figures per (campaign, directory, minute) (actions/journal-tallies.ts). */
export interface JournalTalliesTable {
  campaignId: string;
  directory: string;
  /** the UTC minute of the entries: the first 16 characters of their ISO time */
  minute: string;
  applied: number;
  failed: number;
  throttled: number;
  retries: number;
  /** entries from or into failed */
  failureEvents: number;
  lastThrottledAt: IsoTime | null;
}

export interface JournalEventsTable {
  id: Generated<number>;
  actionId: number;
  campaignId: string;
  seq: number;
  at: IsoTime;
  fromState: ActionState | null;
  toState: ActionState;
  event: string;
  owner: string | null;
  details: JsonText;
}

export interface AuditLogTable {
  seq: number;
  at: IsoTime;
  actor: string;
  action: string;
  target: string | null;
  details: JsonText;
  /** 'cli' or 'console' */
  source: string;
  ip: string | null;
  prevHash: string;
  hash: string;
}

export interface OperatorsTable {
  id: string;
  username: string;
  displayName: string;
  role: OperatorRole;
  passwordHash: string;
  totpSecretEncrypted: string | null;
  failedLogins: Generated<number>;
  lockedUntil: IsoTime | null;
  /** the TOTP time step of the last sign-in: a code is accepted once (migration 0003) */
  lastTotpStep: ColumnType<number | null, number | null | undefined, number | null>;
  disabledAt: IsoTime | null;
  createdAt: IsoTime;
  /** when OIDC sign-in was allowed for this account; null: password + TOTP only (migration 0005) */
  oidcEnabledAt: ColumnType<IsoTime | null, IsoTime | null | undefined, IsoTime | null>;
}

/** One console sign-in attempt from an address (the per-address rate limit, migration 0004). */
export interface LoginAttemptsTable {
  id: Generated<number>;
  address: string;
  at: IsoTime;
}

/**
 * Failed sign-ins of one typed name from one address (migration 0011): the lockout with backoff.
 * nameKey is SHA-256 of the lower-cased name, whether or not an account has it.
 */
export interface LoginFailuresTable {
  nameKey: string;
  address: string;
  failures: number;
  /** how many times this pair was locked: each lock lasts twice the one before, up to a ceiling */
  lockLevel: number;
  lockedUntil: IsoTime | null;
  updatedAt: IsoTime;
}

export interface SessionsTable {
  /** a hash of the session token; the token itself is never stored */
  idHash: string;
  operatorId: string;
  createdAt: IsoTime;
  expiresAt: IsoTime;
  lastSeenAt: IsoTime | null;
  csrfTokenHash: string;
  ip: string | null;
  /** how the session was opened (migration 0005) */
  authMethod: ColumnType<SessionAuthMethod, SessionAuthMethod | undefined, SessionAuthMethod>;
}

export type SessionAuthMethod = 'password' | 'oidc';

/** A pending OIDC sign-in, used once (migration 0005). */
export interface OidcFlowsTable {
  /** SHA-256 of the state sent to the IdP (the state itself is only in the browser's cookie) */
  stateHash: string;
  nonce: string;
  codeVerifier: string;
  createdAt: IsoTime;
  expiresAt: IsoTime;
}

export interface SettingsTable {
  key: string;
  value: JsonText;
  updatedAt: IsoTime;
  updatedBy: string | null;
}

export interface NoticesTable {
  id: Generated<number>;
  campaignId: string;
  waveId: number | null;
  directory: string;
  identityKey: string;
  kind: NoticeKind;
  channel: string;
  recipient: string;
  state: string;
  idempotencyKey: string;
  attempts: Generated<number>;
  lastErrorCode: string | null;
  createdAt: IsoTime;
  sentAt: IsoTime | null;
}

export interface HelpdeskVerificationsTable {
  id: Generated<number>;
  campaignId: string;
  directory: string;
  identityKey: string;
  method: VerificationMethod;
  evidence: string;
  verifiedBy: string;
  verifiedAt: IsoTime;
  outcome: 'verified' | 'refused' | 'inconclusive';
}

/** A single-use CLI token issued by the console to a signed-in operator (migration 0009). */
export interface OperatorTokensTable {
  tokenHash: string;
  operatorId: string;
  issuedAt: IsoTime;
  expiresAt: IsoTime;
  usedAt: IsoTime | null;
  purpose: string;
}

/** One identity a person must treat by hand, and its tracking (migration 0010, tasks/). */
export interface ManualTasksTable {
  id: Generated<number>;
  campaignId: string;
  waveId: number | null;
  waveNumber: number;
  kind: ManualTaskKind;
  state: ManualTaskState;
  directory: string;
  identityKey: string;
  identityName: string;
  identityDn: string | null;
  /** the Entra side of a synced person, verified with the AD side */
  linkedDirectory: string | null;
  linkedKey: string | null;
  linkedName: string | null;
  /** service accounts: the owner and application from the inventory, when known */
  owner: string | null;
  application: string | null;
  /** the wave's deadline */
  dueAt: IsoTime | null;
  assignee: string | null;
  assignedAt: IsoTime | null;
  assignedBy: string | null;
  /** the assignee's claim (done or failed) and its note */
  doneAt: IsoTime | null;
  doneBy: string | null;
  note: string | null;
  verifiedAt: IsoTime | null;
  /** when the directory says the password was set, read when verified (a service account: rotated) */
  changedAt: IsoTime | null;
  /** the last verification that read the directory for this task, and what it found when not verified */
  checkedAt: IsoTime | null;
  checkReason: string | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
}

export interface Database {
  snapshots: SnapshotsTable;
  identities: IdentitiesTable;
  discoveryScratch: DiscoveryScratchTable;
  campaigns: CampaignsTable;
  triageDecisions: TriageDecisionsTable;
  plans: PlansTable;
  planVersions: PlanVersionsTable;
  planWaveFigures: PlanWaveFiguresTable;
  planHelpdeskPeople: PlanHelpdeskPeopleTable;
  approvals: ApprovalsTable;
  waves: WavesTable;
  planVersionWaves: PlanVersionWavesTable;
  planAssignments: PlanAssignmentsTable;
  planVersionHeaders: PlanVersionHeadersTable;
  planSpillRuns: PlanSpillRunsTable;
  planSpill: PlanSpillTable;
  actions: ActionsTable;
  actionCounts: ActionCountsTable;
  journalEvents: JournalEventsTable;
  journalTallies: JournalTalliesTable;
  auditLog: AuditLogTable;
  operators: OperatorsTable;
  sessions: SessionsTable;
  oidcFlows: OidcFlowsTable;
  loginAttempts: LoginAttemptsTable;
  loginFailures: LoginFailuresTable;
  settings: SettingsTable;
  notices: NoticesTable;
  helpdeskVerifications: HelpdeskVerificationsTable;
  operatorTokens: OperatorTokensTable;
  manualTasks: ManualTasksTable;
  verifyRuns: VerifyRunsTable;
  verifyFindings: VerifyFindingsTable;
}

/** One `reclaim verify` (migration 0015): counts once it finished. */
export interface VerifyRunsTable {
  id: Generated<number>;
  campaignId: string;
  at: IsoTime;
  t0: IsoTime;
  finishedAt: IsoTime | null;
  checked: number | null;
  changed: number | null;
  resetCount: number | null;
  missedCount: number | null;
}

/** A person-side a verification did not find changed (migration 0015): `finding` is the JSON `verify` prints. */
export interface VerifyFindingsTable {
  runId: number;
  seq: number;
  kind: 'missed' | 'reset';
  wave: number;
  directory: string;
  identityKey: string;
  identityName: string;
  directoryOrder: string;
  nameOrder: string;
  finding: JsonText;
}
