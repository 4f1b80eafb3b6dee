// The fixed facts of a lab domain and where each of its files lives. One lab folder holds one DC
// (dc1), the lab CA, the password files and the seed snapshots.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labInfoFile, type LabInfo } from './lab-info.ts';

export interface LabSettings {
  labDir: string;
  realm: string;
  dnsDomain: string;
  netbiosDomain: string;
  baseDn: string;
  hostName: string;
  ip: string;
  /** Samba `server services`; a second lab on the same machine must drop s3fs and winbindd. */
  services: string[];
}

export const FULL_SERVICES = ['s3fs', 'rpc', 'ldap', 'cldap', 'kdc', 'drepl', 'winbindd', 'kcc'];
// samba-lab.md §4 and gotcha 6: only one DC per machine may run s3fs/winbindd (/run/samba/winbindd).
export const SECOND_LAB_SERVICES = ['rpc', 'ldap', 'cldap', 'kdc', 'drepl', 'kcc'];

export interface LabOverrides {
  ip?: string;
  services?: string[];
}

/** Settings for a lab folder: explicit overrides, then what an earlier `up` recorded, then defaults. */
export function labSettings(labDir: string, overrides: LabOverrides = {}): LabSettings {
  const recorded = readRecorded(labDir);
  const ip = overrides.ip ?? process.env.RECLAIM_LAB_IP ?? recorded.ip ?? '127.0.0.1';
  const services =
    overrides.services ?? recorded.services ?? (ip === '127.0.0.1' ? FULL_SERVICES : SECOND_LAB_SERVICES);
  return {
    labDir,
    realm: 'LAB.EXAMPLE',
    dnsDomain: 'lab.example',
    netbiosDomain: 'LAB',
    baseDn: 'DC=lab,DC=example',
    hostName: 'dc1',
    ip,
    services,
  };
}

function readRecorded(labDir: string): { ip?: string; services?: string[] } {
  const file = labInfoFile(labDir);
  if (!existsSync(file)) return {};
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LabInfo & { services?: string[] };
    return { ip: info.dcs[0]?.ip, services: info.services };
  } catch {
    return {};
  }
}

/** Every path of the lab, in one place. */
export function labPaths(s: LabSettings) {
  const dcDir = join(s.labDir, s.hostName);
  return {
    dcDir,
    caDir: join(s.labDir, 'ca'),
    smbConf: join(dcDir, 'etc', 'smb.conf'),
    pidFile: join(dcDir, 'run', 'samba.pid'),
    provisionedMarker: join(dcDir, '.provisioned'),
    tlsDir: join(dcDir, 'tls'),
    krb5Conf: join(s.labDir, 'krb5.conf'),
    ldapConf: join(s.labDir, 'ldap.conf'),
    clientConf: join(s.labDir, 'client.conf'),
    adminPasswordFile: join(s.labDir, 'secrets', 'administrator.password'),
    operatorPasswordFile: join(s.labDir, 'secrets', 'svc-reclaim.password'),
    timingsFile: join(s.labDir, 'lab-timings.json'),
    manifestFile: join(s.labDir, 'seed-manifest.json'),
    snapshotsDir: join(s.labDir, 'snapshots'),
    sambaLog: join(dcDir, 'log', 'samba.log'),
  };
}

export type LabPaths = ReturnType<typeof labPaths>;

export function ldapsUrl(s: LabSettings): string {
  return `ldaps://${s.ip}:636`;
}
