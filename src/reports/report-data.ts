// Everything a campaign report shows, as plain data read from the store: the renderers (HTML, CSV)
// take it and nothing else, and `report.json` is this object as is. It holds no secret by
// construction: the store holds none (actions keep a fingerprint at most, never read here).
import type { ReadinessFinding } from '../core/readiness/assess-readiness.ts';
import type { TriageDecision } from '../core/triage/decide-triage.ts';

export const reportFormat = 'reclaim-report/1';

export type StateCounts = Record<'planned' | 'claimed' | 'applied' | 'verified' | 'failed' | 'skipped', number>;

export interface ReportWave {
  number: number;
  label: string;
  startAt: string;
  deadlineAt: string;
  size: number;
  bySegment: Record<string, number>;
  byTreatment: Record<string, number>;
  /** states of the wave's actions in the store */
  actions: StateCounts;
}

export interface ReportIdentityRow {
  directory: string;
  key: string;
  name: string;
  segment: string;
  treatment: string;
  /** 0 for krbtgt (its own timeline) */
  wave: number;
  /** the state of the identity's start actions taken together: the least advanced one */
  status: 'not-started' | 'planned' | 'claimed' | 'applied' | 'verified' | 'failed' | 'skipped' | 'task';
  appliedAt: string | null;
  verifiedAt: string | null;
  deadline: 'disabled' | 'exempt' | 're-enabled' | null;
  lastErrorCode: string | null;
}

/** A manual task (a privileged reset or service account rotation done by a person), as tracked. */
export interface ReportTask {
  id: number;
  kind: string;
  /** open, assigned, done (claimed), verified (seen in the directory), failed, missed */
  state: string;
  wave: number;
  directory: string;
  identity: string;
  assignee: string | null;
  assignedAt: string | null;
  assignedBy: string | null;
  /** the assignee's claim: done or failed, with their note */
  doneBy: string | null;
  doneAt: string | null;
  note: string | null;
  verifiedAt: string | null;
  /** when the directory says the password was set (a service account: rotated) */
  changedAt: string | null;
  /** service accounts: from the inventory */
  owner: string | null;
  application: string | null;
  /** what the last verification found when it could not verify the task */
  checkReason: string | null;
}

export interface ReportData {
  format: typeof reportFormat;
  generatedAt: string;
  generatedBy: string;
  campaign: { id: string; name: string; status: string; createdAt: string; t0: string | null };
  triage: TriageDecision | null;
  readiness: ReadinessFinding[];
  plan: {
    versionId: string;
    contentHash: string;
    createdBy: string;
    createdAt: string;
    assurance: string;
    approvals: Array<{ approver: string; approvedAt: string; role: string | null; comment: string | null }>;
    totals: {
      identities: number;
      inWaves: number;
      waves: number;
      protected: number;
      unmanageable: number;
      outOfScope: number;
    };
    bySegment: Record<string, number>;
    byTreatment: Record<string, number>;
    waves: ReportWave[];
    alternatives: Array<{
      segment: string;
      alternative: string;
      chosen: boolean;
      identities: number;
      drawback: string;
    }>;
  } | null;
  progress: {
    totals: StateCounts;
    /** cumulative identities' actions applied (or verified) per hour since the first one */
    timeline: Array<{ at: string; applied: number; failed: number }>;
  };
  exceptions: {
    failures: Array<{ directory: string; identity: string; kind: string; code: string | null; retrying: boolean }>;
    failuresByCode: Record<string, number>;
    exemptions: Array<{ directory: string; identity: string; reason: string; by: string | null }>;
    protected: Array<{ directory: string; name: string; reason: string }>;
    unmanageable: Array<{ directory: string; name: string; reason: string }>;
  };
  enforcement: { disabled: number; exempt: number; reenabled: number };
  /** reset: people whose password Reclaim replaced after T0 who have not chosen their own yet (contained, not missed) */
  verification: { at: string; checked: number; changed: number; reset: number; missed: number } | null;
  /**
   * identities in waves whose start actions are not all verified and that the last verification did
   * not find reset, and manual tasks not verified, after a verification ran
   */
  missed: Array<{ directory: string; name: string; wave: number; status: string }>;
  /** manual tasks per state and kind, and each of them */
  tasks: { byState: Record<string, number>; byKind: Record<string, Record<string, number>>; list: ReportTask[] };
  krbtgt: Array<{
    directory: string;
    name: string;
    step: number;
    plannedAt: string;
    why: string;
    state: string | null;
    appliedAt: string | null;
  }>;
  throttling: { total: number; byDirectory: Record<string, number>; byHour: Array<{ at: string; count: number }> };
  notices: { byKind: Record<string, Record<string, number>>; total: number };
  /** who was told what, when: the notices journal (addresses, never a secret) */
  noticeLog: Array<{
    identityKey: string;
    kind: string;
    channel: string;
    recipient: string;
    state: string;
    attempts: number;
    lastErrorCode: string | null;
    sentAt: string | null;
  }>;
  audit: { entries: number; ok: boolean; headHash: string | null; brokenSeq: number | null };
  identities: ReportIdentityRow[];
}
