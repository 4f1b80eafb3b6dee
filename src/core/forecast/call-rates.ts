// Expected helpdesk calls per identity, by treatment and by whether the user is registered for
// SSPR. Defaults are planning assumptions an operator can override in config (helpdesk.callRates):
// users not registered for SSPR call far more, and every helpdesk-path reset is a call by design.
import type { TreatmentId } from '../segmentation/treatments.ts';

export interface CallRate {
  /** expected calls per identity registered for SSPR */
  registered: number;
  /** expected calls per identity not registered */
  unregistered: number;
}

export type CallRates = Record<TreatmentId, CallRate>;

export const defaultCallRates: CallRates = {
  requireChange: { registered: 0.04, unregistered: 0.1 },
  adminResetSspr: { registered: 0.15, unregistered: 0.15 },
  // every user of the verified path calls (or visits) the helpdesk once
  helpdeskReset: { registered: 1, unregistered: 1 },
  cloudForceChange: { registered: 0.05, unregistered: 0.12 },
  // chosen only for SSPR-registered users: they change in the cloud, a few call
  hybridForceChange: { registered: 0.05, unregistered: 0.12 },
  // nobody knows the new random password: every user recovers through the verified helpdesk
  hybridAdminReset: { registered: 1, unregistered: 1 },
  hybridAdGoverned: { registered: 0.04, unregistered: 0.1 },
  rollSmartcardHash: { registered: 0.02, unregistered: 0.02 },
  inactiveReset: { registered: 0.01, unregistered: 0.01 },
  passwordPolicyExpiry: { registered: 0.04, unregistered: 0.1 },
  // carried out by admins and application owners, not through the helpdesk queue
  privilegedManualReset: { registered: 0, unregistered: 0 },
  serviceRotation: { registered: 0, unregistered: 0 },
  krbtgtDoubleReset: { registered: 0, unregistered: 0 },
};

export function mergeCallRates(overrides: Partial<Record<TreatmentId, Partial<CallRate>>> | undefined): CallRates {
  const merged = { ...defaultCallRates };
  for (const [treatment, rate] of Object.entries(overrides ?? {}) as Array<[TreatmentId, Partial<CallRate>]>) {
    merged[treatment] = { ...defaultCallRates[treatment], ...rate };
  }
  return merged;
}
