// Dry-run: the exact directory operations a plan will perform, in order, as the ActionSpecs the
// engine executes, plus the tasks that need a person. A generator, so a million identities are
// listed without building the whole list.
import type { ActionSpec } from '../action.ts';
import type { IdentityRef } from '../identity.ts';
import type { SegmentAssignment } from '../segmentation/segment-identities.ts';
import { treatmentInfo } from '../segmentation/treatments.ts';
import { templateLookup } from './operation-templates.ts';
import type { Plan } from './plan.ts';

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

export function* plannedOperations(plan: Plan): Generator<PlannedOperation> {
  const templatesOf = templateLookup({
    revokeSessions: plan.settings.revokeSessions,
    removeAuthMethods: plan.settings.removeAuthMethods,
    policyMaxAgeDays: plan.settings.policyMaxAgeDays,
  });
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
    const deadline: PlannedAction[] = [];
    for (let i = wave.firstAssignment; i < wave.firstAssignment + wave.size; i++) {
      const a = plan.assignments[i] as SegmentAssignment;
      if (a.treatment === 'privilegedManualReset' || a.treatment === 'serviceRotation') {
        yield {
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
        };
        continue;
      }
      for (const t of templatesOf(a.treatment, a.kind, a.linked !== null, a.mfaRegistered)) {
        const linked = t.side === 'linked' && a.linked !== null;
        const identity: IdentityRef =
          linked && a.linked ? { directory: a.linked.directory, key: a.linked.key, name: a.linked.name } : refOf(a);
        const op: PlannedAction = {
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
        if (t.phase === 'deadline') deadline.push(op);
        else yield op;
      }
    }
    yield* deadline;
  }
}
