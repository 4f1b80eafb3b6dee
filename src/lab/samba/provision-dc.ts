// Provisions a fresh domain into <labDir>/dc1 (samba-lab.md §2): provision from an empty smb.conf,
// our own CA's certificate with IP SANs, the verified smb.conf, DC SPNs registered offline.
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLabCa, issueServerCert } from '../tls/lab-ca.ts';
import type { LabPaths, LabSettings } from './lab-settings.ts';
import { runLabTool, sambaTool, SYSTEM_PYTHON } from './run-lab-tool.ts';
import { renderClientConf, renderKrb5Conf, renderLdapConf, renderSmbConf } from './smb-conf.ts';

export function isProvisioned(p: LabPaths): boolean {
  return existsSync(p.provisionedMarker);
}

/** Writes the lab-wide client files (krb5.conf, ldap.conf, client.conf); cheap, done on every up. */
export function writeClientFiles(s: LabSettings, p: LabPaths): void {
  const ca = ensureLabCa(p.caDir);
  writeFileSync(p.krb5Conf, renderKrb5Conf(s));
  writeFileSync(p.ldapConf, renderLdapConf(s, ca.caFile));
  writeFileSync(p.clientConf, renderClientConf(s));
}

export function provisionDc(s: LabSettings, p: LabPaths, adminPassword: string): void {
  // A folder without the marker is a provision that did not finish: start over, never half-use it.
  rmSync(p.dcDir, { recursive: true, force: true });
  mkdirSync(p.dcDir, { recursive: true });
  const emptyConf = join(p.dcDir, 'empty.conf');
  // Otherwise provision copies Debian's /etc/samba/smb.conf defaults (gotcha 1).
  writeFileSync(emptyConf, '');
  sambaTool('provision the domain', [
    'domain',
    'provision',
    '-s',
    emptyConf,
    `--targetdir=${p.dcDir}`,
    `--realm=${s.realm}`,
    `--domain=${s.netbiosDomain}`,
    '--server-role=dc',
    '--dns-backend=NONE',
    '--backend-store=mdb',
    `--host-name=${s.hostName}`,
    `--host-ip=${s.ip}`,
    `--adminpass=${adminPassword}`,
    `--option=netbios name=${s.hostName}`,
    `--option=interfaces=${s.ip}`,
    '--option=bind interfaces only=yes',
  ]);

  installDcConfig(s, p);
  // The dnsupdate service is disabled, so register ldap/, GC/... SPNs once, offline (gotcha 3).
  runLabTool('register the DC SPNs', SYSTEM_PYTHON, ['/usr/sbin/samba_spnupdate', '-s', p.smbConf], {
    env: { KRB5_CONFIG: p.krb5Conf },
  });
  writeFileSync(p.provisionedMarker, `${new Date().toISOString()}\n`);
}

/**
 * This lab's certificate and smb.conf into the DC folder. Also run after restoring a snapshot, so
 * a snapshot built in another lab folder or on another address works here (sam.ldb itself only
 * holds relative paths; samba-lab.md §4).
 */
export function installDcConfig(s: LabSettings, p: LabPaths): void {
  const ca = ensureLabCa(p.caDir);
  const cert = issueServerCert(ca, `${s.hostName}-${s.ip}`, {
    dnsNames: [`${s.hostName}.${s.dnsDomain}`, 'localhost'],
    ips: [s.ip, '::1'],
  });
  mkdirSync(p.tlsDir, { recursive: true });
  copyFileSync(cert.keyFile, join(p.tlsDir, 'key.pem'));
  chmodSync(join(p.tlsDir, 'key.pem'), 0o600); // samba refuses a key readable by others
  copyFileSync(cert.certFile, join(p.tlsDir, 'cert.pem'));
  copyFileSync(ca.caFile, join(p.tlsDir, 'ca.pem'));

  writeFileSync(p.smbConf, renderSmbConf(s, p.dcDir));
  for (const sub of ['run', 'log', 'cache', 'state']) mkdirSync(join(p.dcDir, sub), { recursive: true });
}
