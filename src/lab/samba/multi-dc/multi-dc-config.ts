// What a DC of the several-DC lab adds to the single-DC smb.conf and krb5.conf (samba-multi-dc.md §1).
import type { LabSettings } from '../lab-settings.ts';
import { renderSmbConf } from '../smb-conf.ts';

export function renderMultiSmbConf(s: LabSettings, dcDir: string): string {
  const extra = [
    '\t# names resolve through getaddrinfo -> the namespace hosts file',
    '\tname resolve order = host',
    '\t# replication within about 1 s instead of 5 (whole seconds, minimum 1)',
    '\tdreplsrv:notify_interval = 1',
    '\tdreplsrv:periodic_interval = 60',
    '\tdreplsrv:periodic_startup_interval = 2',
    '\tkccsrv:periodic_interval = 60',
    '\tkccsrv:periodic_startup_interval = 2',
    // Kept at samba's default (60 minutes) on purpose: the grace window is what readiness flags,
    // and tests assert the new password binds, not that the old one fails.
  ].join('\n');
  return renderSmbConf(s, dcDir).replace('[global]\n', `[global]\n${extra}\n`);
}

/** KDCs in the given order (this DC first); kpasswd/admin on the first. */
export function renderMultiKrb5Conf(s: LabSettings, kdcIps: string[]): string {
  return `[libdefaults]
	default_realm = ${s.realm}
	dns_lookup_realm = false
	dns_lookup_kdc = false
	dns_canonicalize_hostname = false
	rdns = false
	kdc_timeout = 2

[realms]
	${s.realm} = {
${kdcIps.map((ip) => `\t\tkdc = ${ip}`).join('\n')}
		admin_server = ${kdcIps[0]}
		kpasswd_server = ${kdcIps[0]}
	}

[domain_realm]
	.${s.dnsDomain} = ${s.realm}
	${s.dnsDomain} = ${s.realm}
`;
}
