// What each treatment does to the directories, as templates: which side (the identity itself or
// its linked Entra side), which action, when (at the wave's start or, conditionally, at its
// deadline). Counting operations for the forecast and listing them for dry-run share this table,
// so the forecast counts exactly what the engine will execute.
import type { ActionKind, ActionParams } from '../action.ts';
import { treatmentIds, type TreatmentId } from '../segmentation/treatments.ts';

export interface OperationTemplate {
  side: 'self' | 'linked';
  kind: ActionKind;
  params: ActionParams | null;
  phase: 'start' | 'deadline';
  /** a deadline operation runs only for identities that did not comply */
  condition: string | null;
}

export interface OperationOptions {
  revokeSessions: boolean;
  removeAuthMethods: boolean;
  withMfa: boolean;
  policyMaxAgeDays: number;
}

const unchanged = 'password not changed by the deadline and no exemption recorded';

function op(
  side: OperationTemplate['side'],
  kind: ActionKind,
  params: ActionParams | null = null,
  phase: OperationTemplate['phase'] = 'start',
  condition: string | null = null,
): OperationTemplate {
  return { side, kind, params, phase, condition };
}

function build(
  treatment: TreatmentId,
  kind: 'ad' | 'entra',
  linked: boolean,
  o: OperationOptions,
): OperationTemplate[] {
  // SAFETY: the other side of a hybrid person is never given a password write (Graph refuses it for
  // synced users); it loses its sessions, under SSPR abuse its registered methods, and with
  // hybridForceChange gets the force-change flag (no password).
  const cloudSide = (side: OperationTemplate['side']): OperationTemplate[] => [
    ...(o.revokeSessions ? [op(side, 'revokeSessions')] : []),
    ...(o.removeAuthMethods ? [op(side, 'deleteAuthMethods')] : []),
  ];
  const others = kind === 'ad' ? (linked ? cloudSide('linked') : []) : cloudSide('self');
  const cloudOnlyRevoke = kind === 'ad' && linked ? cloudSide('linked') : [];
  switch (treatment) {
    case 'hybridForceChange':
      // SAFETY: the Graph flag is read back (confirmForceChange): a write that did not take fails
      // with CHANGE_DID_NOT_STICK, and the run falls back to an AD admin reset for that person.
      return [
        op('self', 'requireChange'),
        ...(kind === 'ad' && linked
          ? [
              op(
                'linked',
                'requireChange',
                o.withMfa ? { withMfa: true, confirmForceChange: true } : { confirmForceChange: true },
              ),
            ]
          : []),
        ...cloudOnlyRevoke,
        op('self', 'disable', null, 'deadline', unchanged),
      ];
    case 'hybridAdminReset':
      return [op('self', 'resetPassword', { mustChange: true }), ...cloudOnlyRevoke];
    case 'hybridAdGoverned':
      return [op('self', 'requireChange'), ...cloudOnlyRevoke, op('self', 'disable', null, 'deadline', unchanged)];
    case 'requireChange':
      return [op('self', 'requireChange'), ...others, op('self', 'disable', null, 'deadline', unchanged)];
    case 'cloudForceChange':
      return [
        op('self', 'requireChange', o.withMfa ? { withMfa: true } : null),
        ...others,
        op('self', 'disable', null, 'deadline', unchanged),
      ];
    case 'adminResetSspr':
      return [op('self', 'resetPassword', { mustChange: false }), ...others];
    // the person's password is unknown to them until the helpdesk verifies them: not changed by the
    // deadline (no call, or an attacker's account), the account is disabled like any other
    case 'helpdeskReset':
      return [
        op('self', 'resetPassword', { mustChange: true }),
        ...others,
        op('self', 'disable', null, 'deadline', unchanged),
      ];
    case 'inactiveReset':
      return [
        op('self', 'resetPassword', { mustChange: true }),
        ...others,
        op('self', 'disable', null, 'deadline', unchanged),
      ];
    case 'rollSmartcardHash':
      return [op('self', 'rollSmartcardHash'), ...others];
    case 'passwordPolicyExpiry':
      // the mitigation of the alternative's drawback: sessions are revoked at once
      return [
        op('self', 'linkPasswordPolicy', { maxAgeDays: o.policyMaxAgeDays }),
        ...(kind === 'ad' && linked ? [op('linked', 'revokeSessions')] : []),
      ];
    case 'privilegedManualReset':
    case 'serviceRotation':
    case 'krbtgtDoubleReset':
      return [];
  }
}

const treatmentIndex = Object.fromEntries(treatmentIds.map((t, i) => [t, i])) as Record<TreatmentId, number>;

export type TemplateLookup = (
  treatment: TreatmentId,
  kind: 'ad' | 'entra',
  linked: boolean,
  withMfa: boolean,
) => readonly OperationTemplate[];

/**
 * For fixed plan options, a lookup of shared frozen template lists by a small integer index:
 * called once per identity, it builds no key string and allocates nothing.
 */
export function templateLookup(o: Omit<OperationOptions, 'withMfa'>): TemplateLookup {
  const table: Array<readonly OperationTemplate[] | undefined> = new Array(treatmentIds.length * 8);
  return (treatment, kind, linked, withMfa) => {
    const index =
      (treatmentIndex[treatment] as number) * 8 + (kind === 'ad' ? 0 : 4) + (linked ? 2 : 0) + (withMfa ? 1 : 0);
    let found = table[index];
    if (!found) {
      found = Object.freeze(build(treatment, kind, linked, { ...o, withMfa }));
      table[index] = found;
    }
    return found;
  };
}
