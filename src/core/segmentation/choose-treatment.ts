// The treatment for a segment, shaped by the assurance level and the readiness inputs. Under high
// assurance no treatment relies on SSPR, and none lets whoever knows the old password choose the
// new one (must-change-at-next-logon accepts the old password, which the attacker may hold).
import type { Identity } from '../identity.ts';
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import { hybridChoice, isSynced, type CloudSignIn, type HybridWhy } from './hybrid-choice.ts';
import type { CompiledSegmentRules } from './segment-rules.ts';
import type { SegmentId } from './segments.ts';
import type { TreatmentId } from './treatments.ts';

export interface TreatmentInputs {
  assurance: AssuranceLevel;
  /** Entra password writeback; undefined when nobody told us */
  passwordWritebackEnabled?: boolean | undefined;
  /** Entra Connect carries AD's must-change flag to the cloud with a password change (ForcePasswordChangeOnLogOn) */
  forceChangeSyncEnabled?: boolean | undefined;
  /** how the tenant's synced users sign in to the cloud; undefined when nobody told us */
  cloudSignIn?: CloudSignIn | undefined;
  /** per UPN domain (lower case), overriding cloudSignIn */
  cloudSignInDomains?: Readonly<Record<string, CloudSignIn>> | undefined;
}

export interface TreatmentChoice {
  treatment: TreatmentId;
  /** why a synced person got this treatment (a code of hybridWhyText); null for the others */
  why: HybridWhy | null;
}

export function ssprRegistered(identity: Identity, linked: Identity | null): boolean {
  return (linked?.registration ?? identity.registration)?.ssprRegistered === true;
}

const plain = (treatment: TreatmentId): TreatmentChoice => ({ treatment, why: null });
// Shared results: a million identities allocate no choice object.
const fixed = {
  krbtgt: plain('krbtgtDoubleReset'),
  privileged: plain('privilegedManualReset'),
  service: plain('serviceRotation'),
  inactive: plain('inactiveReset'),
  smartcard: plain('rollSmartcardHash'),
  helpdesk: plain('helpdeskReset'),
  sspr: plain('adminResetSspr'),
  cloud: plain('cloudForceChange'),
  policy: plain('passwordPolicyExpiry'),
  require: plain('requireChange'),
};

export function chooseTreatment(
  segment: SegmentId,
  identity: Identity,
  linked: Identity | null,
  rules: CompiledSegmentRules,
  inputs: TreatmentInputs,
): TreatmentChoice {
  switch (segment) {
    case 'krbtgt':
      return fixed.krbtgt;
    case 'privileged':
      return fixed.privileged;
    case 'serviceAccount':
      return fixed.service;
    case 'inactive':
      return fixed.inactive;
    case 'smartcard':
      return fixed.smartcard;
    default:
      break;
  }
  // SAFETY: high assurance: administrative reset and the verified helpdesk path only.
  if (inputs.assurance === 'high') return fixed.helpdesk;
  const canUseSspr = inputs.passwordWritebackEnabled === true && ssprRegistered(identity, linked);
  if (segment === 'vpnPassword') return canUseSspr ? fixed.sspr : fixed.helpdesk;
  if (segment === 'cloudOnly' || identity.kind === 'entra') return fixed.cloud;
  // SAFETY: a person synced to Entra ID whose AD treatment would only flag the password (hybrid,
  // or a synced VPN-certificate user): pwdLastSet=0 never reaches the cloud, where the old password
  // keeps signing in under password hash sync. hybridChoice picks a treatment that contains both.
  if (isSynced(identity, linked) && (segment === 'hybrid' || segment === 'vpnCertificate' || segment === 'onsite')) {
    return hybridChoice(identity, linked, rules.alternatives[segment] === 'passwordPolicyExpiry', inputs);
  }
  if ((segment === 'onsite' || segment === 'vpnCertificate') && rules.alternatives[segment] === 'passwordPolicyExpiry')
    return fixed.policy;
  return fixed.require;
}
