// Treatments: what is done to an identity of a segment. Those that need a person (a named admin,
// an application owner, the helpdesk) become tracked tasks; the rest are directory actions.

export const treatmentIds = [
  'requireChange',
  'adminResetSspr',
  'helpdeskReset',
  'cloudForceChange',
  'hybridForceChange',
  'hybridAdminReset',
  'hybridAdGoverned',
  'rollSmartcardHash',
  'inactiveReset',
  'passwordPolicyExpiry',
  'privilegedManualReset',
  'serviceRotation',
  'krbtgtDoubleReset',
] as const;

export type TreatmentId = (typeof treatmentIds)[number];

export interface TreatmentInfo {
  description: string;
  /** SAFETY: under high assurance no treatment with usesSspr is ever chosen. */
  usesSspr: boolean;
  /** carried out by a person (tracked task) rather than by the engine */
  task: boolean;
  /** the user receives a notice with a deadline */
  notifies: boolean;
}

export const treatmentInfo: Record<TreatmentId, TreatmentInfo> = {
  requireChange: {
    description:
      'must change password at next logon (AD pwdLastSet=0), deadline, then disable; Entra sessions revoked for a synced user',
    usesSspr: false,
    task: false,
    notifies: true,
  },
  adminResetSspr: {
    description:
      'administrative reset to an unknown random password; the user recovers through SSPR with password writeback',
    usesSspr: true,
    task: false,
    notifies: true,
  },
  helpdeskReset: {
    description:
      'administrative reset to an unknown random password; the user regains access through the verified helpdesk (temporary password or TAP)',
    usesSspr: false,
    task: false,
    notifies: true,
  },
  cloudForceChange: {
    description: 'Entra forceChangePasswordNextSignIn (with MFA when registered) and revokeSignInSessions',
    usesSspr: false,
    task: false,
    notifies: true,
  },
  hybridForceChange: {
    description:
      'synced user, password hash sync, password writeback on and SSPR registered: Graph ' +
      'forceChangePasswordNextSignIn (WithMfa when MFA is registered) on the Entra user, read ' +
      'back to confirm it took (otherwise an AD admin reset with must-change replaces it), plus ' +
      'AD must change at next logon (pwdLastSet=0), plus Entra sessions revoked; the user ' +
      'changes in the cloud and writeback carries it to AD',
    usesSspr: true,
    task: false,
    notifies: true,
  },
  hybridAdminReset: {
    description:
      'synced user, password hash sync: AD administrative reset to a unique random password with ' +
      'must change (password hash sync carries the new hash, so the old password dies in the ' +
      'cloud too), Entra sessions revoked; the user regains access through the verified ' +
      'helpdesk',
    usesSspr: false,
    task: false,
    notifies: true,
  },
  hybridAdGoverned: {
    description:
      'synced user in a federated or pass-through domain: AD checks every cloud sign-in, so AD must ' +
      'change at next logon (pwdLastSet=0) contains both sides; Entra sessions revoked; ' +
      'deadline, then disable',
    usesSspr: false,
    task: false,
    notifies: true,
  },
  rollSmartcardHash: {
    description: 'roll the password hash by toggling smart-card-required (a password reset alone changes nothing)',
    usesSspr: false,
    task: false,
    notifies: false,
  },
  inactiveReset: { description: 'administrative reset without notice', usesSspr: false, task: false, notifies: false },
  passwordPolicyExpiry: {
    description:
      'Fine-Grained Password Policy with a short maximum age (alternative): sessions survive until the next logon, so Entra sessions are revoked',
    usesSspr: false,
    task: false,
    notifies: true,
  },
  privilegedManualReset: {
    description: 'manual reset by a named admin, tracked and verified from the directory',
    usesSspr: false,
    task: true,
    notifies: false,
  },
  serviceRotation: {
    description: 'coordinated rotation with the application owner; gMSA migration recommended; never auto-disabled',
    usesSspr: false,
    task: true,
    notifies: false,
  },
  krbtgtDoubleReset: {
    description:
      'double reset with a wait of the maximum ticket lifetime plus replication between the two; second person approves',
    usesSspr: false,
    task: false,
    notifies: false,
  },
};
