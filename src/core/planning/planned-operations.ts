// Dry-run: the exact directory operations a plan will perform, in order, as the ActionSpecs the
// engine executes, plus the tasks that need a person. A generator, so a million identities are
// listed without building the whole list.
import type { ActionSpec } from '../action.ts';
import type { IdentityRef } from '../identity.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { treatmentInfo } from '../segmentation/treatments.ts';
import { templateLookup } from './operation-templates.ts';
import type { Plan, Wave } from './plan.ts';

export interface PlannedAction {
  type: 'action';
  wave: number;
  at: string;
  phase: 'start' | 'deadline' | 'krbtgt-first' | 'krbtgt-second';
  /** a deadline action applies only when this holds */
  condition: string | null;
  action: ActionSpec;
}

export interface PlannedTask {
  type: 'task';
  wave: number;
  at: string;
  dueAt: string;
  task: 'privilegedManualReset' | 'serviceRotation';
  identity: IdentityRef;
  owner: string | null;
  description: string;
  recommendation: string | null;
}

export type PlannedOperation = PlannedAction | PlannedTask;

function refOf(a: SegmentAssignment): IdentityRef {
  return { directory: a.directory, key: a.key, name: a.name, ...(a.dn !== null ? { dn: a.dn } : {}) };
}

/** The operation templates of a plan's settings, for assignmentOperations. */
export function planTemplates(settings: Plan['settings']): ReturnType<typeof templateLookup> {
  return templateLookup({
    revokeSessions: settings.revokeSessions,
    removeAuthMethods: settings.removeAuthMethods,
    policyMaxAgeDays: settings.policyMaxAgeDays,
  });
}

/**
 * What one assignment of a wave turns into: a task for a person, or its actions (start and
 * deadline), in template order. What `run` reads a page of assignments at a time.
 */
export function assignmentOperations(
  templatesOf: ReturnType<typeof templateLookup>,
  wave: Wave,
  a: SegmentAssignment,
): PlannedOperation[] {
  if (a.treatment === 'privilegedManualReset' || a.treatment === 'serviceRotation') {
    return [
      {
        type: 'task',
        wave: wave.number,
        at: wave.startAt,
        dueAt: wave.deadlineAt,
        task: a.treatment,
        identity: refOf(a),
        owner: a.owner,
        description: treatmentInfo[a.treatment].description,
        recommendation:
          a.treatment === 'serviceRotation' && a.ruleId !== 'service-managed'
            ? 'migrate to a group Managed Service Account (gMSA) where the application allows it'
            : null,
      },
    ];
  }
  return templatesOf(a.treatment, a.kind, a.linked !== null, a.mfaRegistered).map((t): PlannedAction => {
    const linked = t.side === 'linked' && a.linked !== null;
    const identity: IdentityRef =
      linked && a.linked ? { directory: a.linked.directory, key: a.linked.key, name: a.linked.name } : refOf(a);
    return {
      type: 'action',
      wave: wave.number,
      at: t.phase === 'start' ? wave.startAt : wave.graceEndsAt,
      phase: t.phase,
      condition: t.condition,
      action: {
        kind: t.kind,
        directory: identity.directory,
        identity,
        ...(t.params ? { params: { ...t.params } } : {}),
      },
    };
  });
}

export function* plannedOperations(plan: Plan): Generator<PlannedOperation> {
  const templatesOf = planTemplates(plan.settings);
  for (const step of plan.krbtgt) {
    yield {
      type: 'action',
      wave: 0,
      at: step.at,
      phase: step.step === 1 ? 'krbtgt-first' : 'krbtgt-second',
      condition: null,
      action: {
        kind: 'resetKrbtgt',
        directory: step.directory,
        identity: { directory: step.directory, key: step.key, name: step.name },
      },
    };
  }
  for (const wave of plan.waves) {
    const deadline: PlannedOperation[] = [];
    for (let i = wave.firstAssignment; i < wave.firstAssignment + wave.size; i++) {
      for (const op of assignmentOperations(templatesOf, wave, plan.assignments[i] as SegmentAssignment)) {
        if (op.type === 'action' && op.phase === 'deadline') deadline.push(op);
        else yield op;
      }
    }
    yield* deadline;
  }
}
