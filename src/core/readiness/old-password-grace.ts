// After an administrative reset, AD keeps accepting the PREVIOUS password for NTLM (and Samba for
// LDAP simple binds) during the "old password allowed period": 60 minutes by default. During an
// incident that window lets an attacker holding the old password keep signing in for an hour after
// Reclaim reset it (samba-multi-dc.md gotcha 7). The setting lives on each DC, out of LDAP's reach,
// so it is a configuration input.
import type { ReadinessFinding } from './assess-readiness.ts';

export const DEFAULT_OLD_PASSWORD_MINUTES = 60;

const remedy =
  'Close the window on every DC before the campaign: Windows: registry ' +
  'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\OldPasswordAllowedPeriod = 0 (DWORD, ' +
  'minutes); ' +
  'Samba: `old password allowed period = 0` in smb.conf, then restart. Then set readiness.oldPasswordAllowedMinutes: 0.';

/**
 * SAFETY: unknown is treated as Windows' and Samba's default (60 minutes), never as closed.
 * `adIdentities`: enabled AD accounts the window affects; no finding without any.
 */
export function oldPasswordGraceFinding(minutes: number | undefined, adIdentities: number): ReadinessFinding | null {
  if (adIdentities === 0 || minutes === 0) return null;
  const known = minutes !== undefined;
  const period = minutes ?? DEFAULT_OLD_PASSWORD_MINUTES;
  return {
    id: 'old-password-grace',
    title: known
      ? `The previous password keeps working for ${period} minutes after a reset (NTLM, Samba LDAP binds)`
      : `Old-password grace window: unknown (default ${DEFAULT_OLD_PASSWORD_MINUTES} minutes: the previous password keeps working after a reset)`,
    severity: known ? 'high' : 'medium',
    count: adIdentities,
    total: null,
    sample: [],
    remedy,
  };
}
