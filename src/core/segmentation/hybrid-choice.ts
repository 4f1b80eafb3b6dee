// The treatment of a person synchronised from AD to Entra ID, chosen from what readiness knows
// (graph.md, "Synced users" and its Correction; design.md, the hybrid row):
// - federated or pass-through sign-in: AD checks every cloud sign-in, so AD's must-change governs
//   the cloud too (hybridAdGoverned);
// - password hash sync with writeback on and the person registered for SSPR: the seed's way, a
//   Graph force change on the synced user (read back), AD must-change, sessions revoked
//   (hybridForceChange);
// - otherwise, and whenever a fact is unknown: an AD admin reset to a random password with
//   must-change, whose new hash password hash sync carries to the cloud (hybridAdminReset).
// SAFETY: an unknown never picks the weaker treatment: unknown sign-in is treated as password hash
// sync (where only a password write reaches the cloud), unknown writeback or registration as absent.
import type { Identity } from '../identity.ts';
import type { TreatmentChoice, TreatmentInputs } from './choose-treatment.ts';

export type CloudSignIn = 'passwordHashSync' | 'passThrough' | 'federated';

export const cloudSignIns: readonly CloudSignIn[] = ['passwordHashSync', 'passThrough', 'federated'];

export const hybridWhyText = {
  'writeback-sspr':
    'password writeback is on and the user is registered for SSPR: forced to change in the cloud (with MFA when registered), the change written back to AD',
  'writeback-off':
    'password writeback is off: a cloud change cannot reach AD, so the password is reset in AD and password hash sync carries the new hash',
  'writeback-unknown':
    'password writeback is unknown (readiness.passwordWritebackEnabled): treated as off, the password is reset in AD',
  'sspr-not-registered': 'not registered for SSPR: reset in AD, recovery through the verified helpdesk',
  'sspr-unknown': 'SSPR registration is unknown (no registration report): treated as unregistered, reset in AD',
  federated: 'the domain is federated: AD checks every cloud sign-in, so must change in AD governs the cloud too',
  'pass-through':
    'the domain uses pass-through authentication: AD checks every cloud sign-in, so must change in AD governs the cloud too',
} as const;

export type HybridWhy = keyof typeof hybridWhyText;

const choice = (treatment: TreatmentChoice['treatment'], why: HybridWhy): TreatmentChoice => ({ treatment, why });
const choices = {
  forceChange: choice('hybridForceChange', 'writeback-sspr'),
  writebackOff: choice('hybridAdminReset', 'writeback-off'),
  writebackUnknown: choice('hybridAdminReset', 'writeback-unknown'),
  notRegistered: choice('hybridAdminReset', 'sspr-not-registered'),
  registrationUnknown: choice('hybridAdminReset', 'sspr-unknown'),
  federated: choice('hybridAdGoverned', 'federated'),
  passThrough: choice('hybridAdGoverned', 'pass-through'),
  federatedPolicy: choice('passwordPolicyExpiry', 'federated'),
  passThroughPolicy: choice('passwordPolicyExpiry', 'pass-through'),
};

/** Whether an AD identity is synchronised to Entra ID (its cloud side discovered, or only known). */
export function isSynced(identity: Identity, linked: Identity | null): boolean {
  return identity.kind === 'ad' && (linked !== null || identity.linkedTo !== undefined);
}

/** The UPN domain the person signs in to the cloud with (lower case). */
function signInDomain(identity: Identity, linked: Identity | null): string {
  const upn = linked?.upn ?? linked?.name ?? identity.upn ?? '';
  const at = upn.lastIndexOf('@');
  return at < 0 ? '' : upn.slice(at + 1).toLowerCase();
}

export function cloudSignInOf(
  identity: Identity,
  linked: Identity | null,
  inputs: TreatmentInputs,
): CloudSignIn | undefined {
  const byDomain = inputs.cloudSignInDomains;
  if (byDomain) {
    const found = byDomain[signInDomain(identity, linked)];
    if (found) return found;
  }
  return inputs.cloudSignIn;
}

export function hybridChoice(
  identity: Identity,
  linked: Identity | null,
  policyAlternative: boolean,
  inputs: TreatmentInputs,
): TreatmentChoice {
  const signIn = cloudSignInOf(identity, linked, inputs);
  if (signIn === 'federated' || signIn === 'passThrough') {
    // The FGPP alternative only contains a person whose cloud sign-in AD checks; under password
    // hash sync an expired AD password keeps signing in to the cloud (PHS page, expiration policy).
    if (policyAlternative) return signIn === 'federated' ? choices.federatedPolicy : choices.passThroughPolicy;
    return signIn === 'federated' ? choices.federated : choices.passThrough;
  }
  if (inputs.passwordWritebackEnabled === undefined) return choices.writebackUnknown;
  if (!inputs.passwordWritebackEnabled) return choices.writebackOff;
  const registration = linked?.registration ?? identity.registration;
  if (!registration) return choices.registrationUnknown;
  return registration.ssprRegistered ? choices.forceChange : choices.notRegistered;
}
