// `reclaim plan diff A B`: what changed between two plans, identity by identity (added, removed,
// moved to another wave, given another segment or treatment) and wave by wave.
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { canonicalJson } from '../canonical-json.ts';
import type { Plan } from './plan.ts';

export interface IdentityChange {
  identity: string;
  name: string;
  change: 'added' | 'removed' | 'changed';
  before: { wave: number; segment: string; treatment: string } | null;
  after: { wave: number; segment: string; treatment: string } | null;
}

export interface PlanDiff {
  from: string;
  to: string;
  same: boolean;
  settings: Array<{ setting: string; before: unknown; after: unknown }>;
  waves: Array<{ wave: number; change: 'added' | 'removed' | 'changed'; what: string[] }>;
  identities: IdentityChange[];
  /** counts, since `identities` stops at `limit` entries */
  counts: { added: number; removed: number; changed: number };
}

const id = (a: SegmentAssignment): string => `${a.directory}:${a.key}`;
const summary = (a: SegmentAssignment) => ({ wave: a.wave, segment: a.segment, treatment: a.treatment });

export function diffPlans(a: Plan, b: Plan, limit = 1000): PlanDiff {
  const diff: PlanDiff = {
    from: a.contentHash,
    to: b.contentHash,
    same: a.contentHash === b.contentHash,
    settings: [],
    waves: [],
    identities: [],
    counts: { added: 0, removed: 0, changed: 0 },
  };
  for (const key of new Set([...Object.keys(a.settings), ...Object.keys(b.settings)])) {
    const before = (a.settings as unknown as Record<string, unknown>)[key];
    const after = (b.settings as unknown as Record<string, unknown>)[key];
    if (canonicalJson(before) !== canonicalJson(after)) diff.settings.push({ setting: key, before, after });
  }
  if (a.assurance !== b.assurance)
    diff.settings.push({ setting: 'assurance', before: a.assurance, after: b.assurance });
  const waveCount = Math.max(a.waves.length, b.waves.length);
  for (let n = 0; n < waveCount; n++) {
    const wa = a.waves[n];
    const wb = b.waves[n];
    if (!wa || !wb) {
      diff.waves.push({ wave: n + 1, change: wa ? 'removed' : 'added', what: [(wa ?? wb)?.label ?? ''] });
      continue;
    }
    const what: string[] = [];
    if (wa.size !== wb.size) what.push(`size ${wa.size} -> ${wb.size}`);
    if (wa.startAt !== wb.startAt) what.push(`start ${wa.startAt} -> ${wb.startAt}`);
    if (wa.deadlineAt !== wb.deadlineAt) what.push(`deadline ${wa.deadlineAt} -> ${wb.deadlineAt}`);
    if (wa.label !== wb.label) what.push(`groups ${wa.label} -> ${wb.label}`);
    if (wa.forecast.expectedCalls !== wb.forecast.expectedCalls)
      what.push(`expected calls ${wa.forecast.expectedCalls} -> ${wb.forecast.expectedCalls}`);
    if (what.length > 0) diff.waves.push({ wave: n + 1, change: 'changed', what });
  }
  const before = new Map<string, SegmentAssignment>();
  for (const x of a.assignments) before.set(id(x), x);
  const push = (change: IdentityChange): void => {
    diff.counts[change.change]++;
    if (diff.identities.length < limit) diff.identities.push(change);
  };
  for (const y of b.assignments) {
    const key = id(y);
    const x = before.get(key);
    before.delete(key);
    if (!x) push({ identity: key, name: y.name, change: 'added', before: null, after: summary(y) });
    else if (x.wave !== y.wave || x.segment !== y.segment || x.treatment !== y.treatment)
      push({ identity: key, name: y.name, change: 'changed', before: summary(x), after: summary(y) });
  }
  for (const [key, x] of before)
    push({ identity: key, name: x.name, change: 'removed', before: summary(x), after: null });
  return diff;
}
