// The lab-info contract shared by every engineer: where the lab lives and how to reach it.
// `reclaim lab up` writes <labDir>/lab.json; tests and benchmarks read it with readLabInfo().
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

export interface LabDc {
  name: string;
  ip: string;
  url: string; // 'ldaps://127.0.0.1:636'
  dir: string;
  pidFile: string;
}

export interface LabAccount {
  upn: string;
  dn: string;
  passwordFile: string; // mode 0600, inside the lab folder
}

export interface LabInfo {
  labDir: string;
  realm: string; // 'LAB.EXAMPLE'
  netbiosDomain: string; // 'LAB'
  baseDn: string; // 'DC=lab,DC=example'
  caFile: string; // <labDir>/ca/ca.pem
  krb5Conf: string; // KRB5_CONFIG for kinit/kpasswd
  dcs: LabDc[];
  admin: LabAccount; // Administrator (domain admin)
  operator: LabAccount; // svc-reclaim, Reclaim's own service account
  manifestFile?: string; // <labDir>/seed-manifest.json once `lab seed` ran
}

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

/** The lab folder: RECLAIM_LAB_DIR, or <repo>/.lab. */
export function labDir(): string {
  const fromEnv = process.env.RECLAIM_LAB_DIR;
  return fromEnv && fromEnv.trim() !== '' ? resolve(fromEnv) : join(repoRoot, '.lab');
}

export function labInfoFile(dir: string): string {
  return join(dir, 'lab.json');
}

/** Reads <labDir>/lab.json; a clear LAB_UNAVAILABLE error when the lab was never brought up. */
export function readLabInfo(dir: string = labDir()): LabInfo {
  const file = labInfoFile(dir);
  if (!existsSync(file)) {
    throw new ReclaimError('LAB_UNAVAILABLE', `No lab in ${dir}: ${file} is missing`, {
      details: ['Run `node bin/reclaim.mjs lab up` first (or set RECLAIM_LAB_DIR to the lab folder).'],
    });
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabInfo;
  } catch (cause) {
    throw new ReclaimError('LAB_UNAVAILABLE', `${file} is not valid JSON`, { cause });
  }
}

/** Reads a password file named in lab.json (trailing newline removed). */
export function readLabPassword(account: LabAccount): string {
  return readFileSync(account.passwordFile, 'utf8').trim();
}
