// Readiness: findings from the discovered snapshot (each with severity, count, a sample of
// identities and the remedy), plus the settings Graph cannot tell us (password writeback, the force-
// change sync feature, the TAP policy), which come from configuration inputs. One pass.
import type { Identity } from '../identity.ts';
import type { CloudSignIn } from '../segmentation/hybrid-choice.ts';
import type { CompiledSegmentRules } from '../segmentation/segment-rules.ts';
import type { AssuranceLevel } from '../triage/decide-triage.ts';
import { identityChecks, type CheckContext, type Severity } from './readiness-checks.ts';
import { oldPasswordGraceFinding } from './old-password-grace.ts';

export interface ReadinessFinding {
  id: string;
  title: string;
  severity: Severity;
  /** identities flagged; for a configuration finding, the identities it affects */
  count: number;
  /** identities the check looked at (null for a configuration finding) */
  total: number | null;
  /** up to `sampleSize` flagged identities, as directory:name */
  sample: string[];
  remedy: string;
}

/** Shaped like the config's `readiness:` section: what Graph cannot tell. */
export interface ReadinessInputs {
  passwordWritebackEnabled?: boolean | undefined;
  forceChangeSyncEnabled?: boolean | undefined;
  cloudSignIn?: CloudSignIn | undefined;
  cloudSignInDomains?: Readonly<Record<string, CloudSignIn>> | undefined;
  tapPolicyEnabled?: boolean | undefined;
  vpnUsesDomainPassword?: boolean | undefined;
  /** when the compromise began: smart-card hashes set before it are suspect (default: 90 days before now) */
  compromiseSince?: string | undefined;
  /** the DCs' "old password allowed period" in minutes (undefined: unknown, default 60) */
  oldPasswordAllowedMinutes?: number | undefined;
}

export interface AssessInput {
  identities: Iterable<Identity>;
  rules: CompiledSegmentRules;
  inputs: ReadinessInputs;
  now: string;
  assurance?: AssuranceLevel | undefined;
  sampleSize?: number | undefined;
}

const order: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function assessReadiness(input: AssessInput): ReadinessFinding[] {
  const nowMs = Date.parse(input.now);
  const sampleSize = input.sampleSize ?? 10;
  const all = Array.isArray(input.identities) ? (input.identities as Identity[]) : [...input.identities];
  // Discovery records a sync link on the Entra side (onPremisesImmutableId / SID); index it by the
  // AD identity it points to.
  const linkedAd = new Map<string, Map<string, Identity>>();
  for (const identity of all) {
    if (identity.kind !== 'entra' || !identity.linkedTo) continue;
    let keys = linkedAd.get(identity.linkedTo.directory);
    if (!keys) linkedAd.set(identity.linkedTo.directory, (keys = new Map()));
    keys.set(identity.linkedTo.key, identity);
  }
  const synced = (i: Identity): boolean =>
    i.kind === 'ad' && (i.linkedTo !== undefined || linkedAd.get(i.directory)?.has(i.key) === true);
  const ctx: CheckContext = {
    synced,
    rules: input.rules,
    inactiveBeforeMs: nowMs - input.rules.inactiveDays * 86_400_000,
    smartcardRolledAfterMs: input.inputs.compromiseSince
      ? Date.parse(input.inputs.compromiseSince)
      : nowMs - 90 * 86_400_000,
    vpnUsesDomainPassword: input.inputs.vpnUsesDomainPassword,
  };
  const counts = identityChecks.map(() => ({ total: 0, count: 0, sample: [] as string[] }));
  let hybrid = 0;
  const registrationUnknown = { count: 0, sample: [] as string[] };
  let adEnabled = 0;
  let entraEnabled = 0;
  for (const identity of all) {
    if (identity.enabled && synced(identity)) {
      hybrid++;
      // SSPR registration of a synced person is read on its Entra side (userRegistrationDetails)
      if ((linkedAd.get(identity.directory)?.get(identity.key)?.registration ?? identity.registration) === undefined) {
        registrationUnknown.count++;
        if (registrationUnknown.sample.length < sampleSize)
          registrationUnknown.sample.push(`${identity.directory}:${identity.name}`);
      }
    }
    if (identity.enabled && identity.kind === 'ad') adEnabled++;
    if (identity.enabled && identity.kind === 'entra') entraEnabled++;
    for (let c = 0; c < identityChecks.length; c++) {
      const check = identityChecks[c]!;
      if (!check.population(identity, ctx)) continue;
      const tally = counts[c]!;
      tally.total++;
      if (!check.flagged(identity, ctx)) continue;
      tally.count++;
      if (tally.sample.length < sampleSize) tally.sample.push(`${identity.directory}:${identity.name}`);
    }
  }
  const findings: ReadinessFinding[] = [];
  identityChecks.forEach((check, c) => {
    const tally = counts[c]!;
    const severity = check.severity(tally.count, tally.total);
    if (severity === null) return;
    findings.push({
      id: check.id,
      title: check.title,
      severity,
      count: tally.count,
      total: tally.total,
      sample: tally.sample,
      remedy: check.remedy,
    });
  });
  findings.push(...configurationFindings(input.inputs, hybrid, entraEnabled, input.assurance ?? 'standard'));
  if (registrationUnknown.count > 0 && input.inputs.passwordWritebackEnabled !== false) {
    findings.push({
      id: 'hybrid-sspr-registration-unknown',
      title: 'Synced users whose SSPR registration is unknown',
      severity: 'medium',
      count: registrationUnknown.count,
      total: hybrid,
      sample: registrationUnknown.sample,
      remedy:
        'No registration report was read for them (it needs Entra ID P1 and AuditLog.Read.All): they ' +
        'are treated as unregistered and get an AD admin reset with helpdesk recovery instead ' +
        'of a cloud force change.',
    });
  }
  const grace = oldPasswordGraceFinding(input.inputs.oldPasswordAllowedMinutes, adEnabled);
  if (grace) findings.push(grace);
  return findings.sort((a, b) => order[a.severity] - order[b.severity] || a.id.localeCompare(b.id));
}

function configurationFindings(
  inputs: ReadinessInputs,
  hybrid: number,
  entraEnabled: number,
  assurance: AssuranceLevel,
): ReadinessFinding[] {
  const out: ReadinessFinding[] = [];
  const finding = (id: string, title: string, severity: Severity, count: number, remedy: string): void => {
    out.push({ id, title, severity, count, total: null, sample: [], remedy });
  };
  const unknown = (setting: string, where: string) =>
    `Graph cannot tell: check ${where} and set readiness.${setting} in the configuration.`;
  if (hybrid > 0) {
    if (inputs.passwordWritebackEnabled === undefined) {
      finding(
        'password-writeback',
        'Password writeback: unknown',
        'medium',
        hybrid,
        unknown('passwordWritebackEnabled', 'Entra Connect (Optional features: Password writeback)') +
          ' Until then synced users get an AD admin reset (helpdesk recovery), never a cloud force change they could not complete.',
      );
    } else if (!inputs.passwordWritebackEnabled) {
      finding(
        'password-writeback',
        'Password writeback is disabled: synced users cannot change their password in the cloud',
        'high',
        hybrid,
        'Enable password writeback in Entra Connect and in the SSPR settings; until then synced users get an AD admin reset and recover through the helpdesk.',
      );
    }
    if (inputs.forceChangeSyncEnabled === undefined) {
      finding(
        'force-change-sync',
        "Entra Connect's force-change feature: unknown",
        'medium',
        hybrid,
        `${unknown(
          'forceChangeSyncEnabled',
          'Set-ADSyncAADCompanyFeature -ForcePasswordChangeOnLogOn (userForcePasswordChangeOnLogonEnabled)',
        )} It decides whether the cloud demands a change after an AD reset with must-change.`,
      );
    } else if (!inputs.forceChangeSyncEnabled) {
      finding(
        'force-change-sync',
        "AD's must-change flag does not reach the cloud",
        'medium',
        hybrid,
        'Without ForcePasswordChangeOnLogOn a temporary password the helpdesk sets in AD also signs ' +
          'in to the cloud as it is, until the user changes it: enable the feature (with SSPR and ' +
          "writeback), and keep helpdesk temporary passwords short-lived. (Even with it, AD's " +
          'flag travels only with a password change: pwdLastSet=0 alone never reaches the cloud.)',
      );
    }
    const domains = Object.keys(inputs.cloudSignInDomains ?? {});
    if (inputs.cloudSignIn === undefined) {
      finding(
        'cloud-sign-in',
        'How synced users sign in to the cloud: unknown',
        'medium',
        hybrid,
        unknown(
          'cloudSignIn',
          'Entra ID > Entra Connect (password hash sync, pass-through authentication, federation)',
        ) +
          `${domains.length > 0 ? ` (set for ${domains.join(', ')} only)` : ''} ` +
          `Until then they are treated as password hash sync: the cloud keeps the old password ` +
          `until a password write in AD (or a cloud force change) replaces it.`,
      );
    }
  }
  // A TAP is an Entra ID method: with no Entra identity discovered there is nothing to rate (issue 15).
  if (entraEnabled > 0 && inputs.tapPolicyEnabled === undefined) {
    finding(
      'tap-policy',
      'Temporary Access Pass policy: unknown',
      assurance === 'high' ? 'high' : 'medium',
      entraEnabled,
      unknown('tapPolicyEnabled', 'Entra ID > Authentication methods > Temporary Access Pass'),
    );
  } else if (entraEnabled > 0 && inputs.tapPolicyEnabled === false) {
    finding(
      'tap-policy',
      'Temporary Access Pass is disabled: the verified helpdesk can only hand out temporary passwords',
      assurance === 'high' ? 'high' : 'low',
      entraEnabled,
      'Enable the TAP authentication method (one-time use, short lifetime) for the users the helpdesk will verify.',
    );
  }
  return out;
}
