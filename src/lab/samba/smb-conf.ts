// The DC's smb.conf, exactly as samba-lab.md §2 verified it: loopback only, no DNS/NBT/dnsupdate,
// our own CA, mdb backend with ldb:nosync.
import type { LabSettings } from './lab-settings.ts';

export function renderSmbConf(s: LabSettings, dcDir: string): string {
  const d = dcDir;
  return `[global]
	netbios name = ${s.hostName.toUpperCase()}
	realm = ${s.realm}
	workgroup = ${s.netbiosDomain}
	server role = active directory domain controller
	interfaces = ${s.ip}
	bind interfaces only = yes
	disable netbios = yes
	multicast dns register = no
	# no internal DNS, no samba_dnsupdate (it would use the system resolver), no NBT/WINS, no ntp_signd
	server services = ${s.services.join(', ')}
	private dir = ${d}/private
	state directory = ${d}/state
	cache directory = ${d}/cache
	lock directory = ${d}
	pid directory = ${d}/run
	ncalrpc dir = ${d}/run/ncalrpc
	ntp signd socket directory = ${d}/run/ntp_signd
	binddns dir = ${d}/bind-dns
	log file = ${d}/log/samba.log
	log level = 1
	# test-only: no fsync per transaction (about 2x faster writes; a crash can lose the DB)
	ldb:nosync = true
	tls enabled = yes
	tls keyfile = ${d}/tls/key.pem
	tls certfile = ${d}/tls/cert.pem
	tls cafile = ${d}/tls/ca.pem
	# simple binds only over TLS (LDAPS/StartTLS), like Windows AD requires for unicodePwd
	ldap server require strong auth = yes

[sysvol]
	path = ${d}/state/sysvol
	read only = No
[netlogon]
	path = ${d}/state/sysvol/${s.dnsDomain}/scripts
	read only = No
`;
}

export function renderKrb5Conf(s: LabSettings): string {
  return `[libdefaults]
	default_realm = ${s.realm}
	dns_lookup_realm = false
	dns_lookup_kdc = false
	rdns = false

[realms]
	${s.realm} = {
		kdc = ${s.ip}
		admin_server = ${s.ip}
		kpasswd_server = ${s.ip}
	}

[domain_realm]
	.${s.dnsDomain} = ${s.realm}
	${s.dnsDomain} = ${s.realm}
`;
}

export function renderLdapConf(s: LabSettings, caFile: string): string {
  return `URI ldaps://${s.ip}\nBASE ${s.baseDn}\nTLS_CACERT ${caFile}\nTLS_REQCERT demand\n`;
}

export function renderClientConf(s: LabSettings): string {
  return `[global]\n\tworkgroup = ${s.netbiosDomain}\n\trealm = ${s.realm}\n`;
}
