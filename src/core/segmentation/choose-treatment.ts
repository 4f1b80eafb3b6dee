// The treatment for a segment, shaped by the assurance level and the readiness inputs. Under high
// assurance no treatment relies on SSPR, and none lets whoever knows the old password choose the
// new one (must-change-at-next-logon accepts the old password, which the attacker may hold).
import type { Identity } from '../identity.ts';
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import type { CompiledSegmentRules } from './segment-rules.ts';
import type { SegmentId } from './segments.ts';
import type { TreatmentId } from './treatments.ts';

export interface TreatmentInputs {
  assurance: AssuranceLevel;
  /** Entra password writeback; undefined when nobody told us */
  passwordWritebackEnabled?: boolean | undefined;
  /** Entra Connect carries AD's must-change flag to the cloud (ForcePasswordChangeOnLogOn) */
  forceChangeSyncEnabled?: boolean | undefined;
}

export function ssprRegistered(identity: Identity, linked: Identity | null): boolean {
  return (linked?.registration ?? identity.registration)?.ssprRegistered === true;
}

export function chooseTreatment(
  segment: SegmentId,
  identity: Identity,
  linked: Identity | null,
  rules: CompiledSegmentRules,
  inputs: TreatmentInputs,
): TreatmentId {
  switch (segment) {
    case 'krbtgt':
      return 'krbtgtDoubleReset';
    case 'privileged':
      return 'privilegedManualReset';
    case 'serviceAccount':
      return 'serviceRotation';
    case 'inactive':
      return 'inactiveReset';
    case 'smartcard':
      return 'rollSmartcardHash';
    default:
      break;
  }
  // SAFETY: high assurance: administrative reset and the verified helpdesk path only.
  if (inputs.assurance === 'high') return 'helpdeskReset';
  const canUseSspr = inputs.passwordWritebackEnabled === true && ssprRegistered(identity, linked);
  if (segment === 'vpnPassword') return canUseSspr ? 'adminResetSspr' : 'helpdeskReset';
  if (segment === 'cloudOnly') return 'cloudForceChange';
  if ((segment === 'onsite' || segment === 'vpnCertificate' || segment === 'hybrid') && identity.kind === 'ad' && rules.alternatives[segment] === 'passwordPolicyExpiry') {
    return 'passwordPolicyExpiry';
  }
  if (segment === 'hybrid' && inputs.forceChangeSyncEnabled === false) {
    // Without the force-change feature the AD flag never reaches the cloud and a cloud-only worker
    // would keep signing in with the old password.
    return canUseSspr ? 'adminResetSspr' : 'helpdeskReset';
  }
  if (identity.kind === 'entra') return 'cloudForceChange';
  return 'requireChange';
}
