// `reclaim lab up`: install (if missing), provision (if absent), start (if stopped), wait until
// LDAPS answers, ensure svc-reclaim, write lab.json. A second call on a running lab is a no-op.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../app/write-file-atomic.ts';
import { installSambaPackages } from './install-samba-packages.ts';
import { labInfoFile, type LabInfo } from './lab-info.ts';
import { ensureLoopbackAddress, portInUse } from './loopback-address.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { ensurePasswordFile } from './lab-password-file.ts';
import { labPaths, labSettings, ldapsUrl, type LabOverrides, type LabPaths, type LabSettings } from './lab-settings.ts';
import { openLabClient } from './lab-ldap-client.ts';
import { ensureOperatorAccount, operatorDn, OPERATOR_SAM } from './operator-account.ts';
import { restoreFreshSnapshot, saveFreshSnapshot } from './fresh-domain-snapshot.ts';
import { isProvisioned, provisionDc, writeClientFiles } from './provision-dc.ts';
import { runningPid, startSamba, stopSamba } from './samba-process.ts';
import { waitReady } from './wait-ready.ts';

export interface LabUpTimings {
  installMs: number;
  provisionMs: number;
  startMs: number;
  readyMs: number;
  operatorMs: number;
  totalMs: number;
}

export interface LabUpResult {
  labDir: string;
  url: string;
  pid: number;
  alreadyRunning: boolean;
  /** A new, empty domain was put in place (by provisioning, or from the fresh-domain snapshot). */
  provisioned: boolean;
  restoredFresh: boolean;
  installedPackages: string[];
  timings: LabUpTimings;
}

export function adminBind(s: LabSettings, p: LabPaths) {
  return {
    url: ldapsUrl(s),
    caFile: `${p.caDir}/ca.pem`,
    bindName: `Administrator@${s.dnsDomain}`,
    password: ensurePasswordFile(p.adminPasswordFile),
  };
}

export function buildLabInfo(s: LabSettings, p: LabPaths): LabInfo & { services: string[] } {
  return {
    labDir: s.labDir,
    realm: s.realm,
    netbiosDomain: s.netbiosDomain,
    baseDn: s.baseDn,
    caFile: `${p.caDir}/ca.pem`,
    krb5Conf: p.krb5Conf,
    dcs: [{ name: s.hostName, ip: s.ip, url: ldapsUrl(s), dir: p.dcDir, pidFile: p.pidFile }],
    admin: {
      upn: `Administrator@${s.dnsDomain}`,
      dn: `CN=Administrator,CN=Users,${s.baseDn}`,
      passwordFile: p.adminPasswordFile,
    },
    operator: { upn: `${OPERATOR_SAM}@${s.dnsDomain}`, dn: operatorDn(s), passwordFile: p.operatorPasswordFile },
    ...(existsSync(p.manifestFile) ? { manifestFile: p.manifestFile } : {}),
    services: s.services,
  };
}

export function writeLabInfo(s: LabSettings, p: LabPaths): void {
  const file = labInfoFile(s.labDir);
  const next = `${JSON.stringify(buildLabInfo(s, p), null, 2)}\n`;
  // Unchanged content is not rewritten: readers in other processes never see a moment without it.
  if (existsSync(file) && readFileSync(file, 'utf8') === next) return;
  writeFileAtomic(file, next);
}

/** Callers hold the lab lock (withLabLock). */
export async function labUp(
  labDir: string,
  overrides: LabOverrides,
  log: (line: string) => void,
): Promise<LabUpResult> {
  const t0 = Date.now();
  const s = labSettings(labDir, overrides);
  const p = labPaths(s);
  const timings: LabUpTimings = { installMs: 0, provisionMs: 0, startMs: 0, readyMs: 0, operatorMs: 0, totalMs: 0 };
  let mark = Date.now();
  const lap = () => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };

  ensureLoopbackAddress(s.ip);
  const installedPackages = installSambaPackages(log);
  timings.installMs = lap();
  mkdirSync(labDir, { recursive: true });
  const adminPassword = ensurePasswordFile(p.adminPasswordFile);
  const operatorPassword = ensurePasswordFile(p.operatorPasswordFile);
  writeClientFiles(s, p);

  let provisioned = false;
  let restoredFresh = false;
  if (!isProvisioned(p)) {
    lap();
    restoredFresh = restoreFreshSnapshot(s, p) && isProvisioned(p);
    if (!restoredFresh) {
      log(`provisioning ${s.realm} into ${p.dcDir}`);
      provisionDc(s, p, adminPassword);
      saveFreshSnapshot(s, p);
    }
    provisioned = true;
    timings.provisionMs = lap();
    log(
      `${restoredFresh ? 'restored the fresh domain' : 'provisioned'} in ${(timings.provisionMs / 1000).toFixed(1)} s`,
    );
  }

  let pid = runningPid(p);
  const alreadyRunning = pid !== undefined;
  const bind = adminBind(s, p);
  lap();
  if (!alreadyRunning) {
    await stopSamba(p); // orphaned workers of a DC whose root process was killed hold the ports
    if (await portInUse(s.ip, 636)) {
      throw new ReclaimError('LAB_UNAVAILABLE', `Another server already listens on ${s.ip}:636`, {
        details: ['Another lab folder runs a DC on this address: stop it, or choose another address with --ip.'],
      });
    }
    log(`starting samba on ${s.ip}`);
    startSamba(p, p.krb5Conf);
    timings.startMs = lap();
  }
  timings.readyMs = await waitReady(bind, 60_000, p.sambaLog);
  lap();
  pid = runningPid(p) ?? 0;

  if (!alreadyRunning || !existsSync(labInfoFile(labDir))) {
    const client = await openLabClient(bind);
    try {
      await ensureOperatorAccount(client, s, p, operatorPassword);
    } finally {
      await client.unbind().catch(() => undefined);
    }
    timings.operatorMs = lap();
  }
  writeLabInfo(s, p);
  timings.totalMs = Date.now() - t0;
  const result: LabUpResult = {
    labDir,
    url: ldapsUrl(s),
    pid,
    alreadyRunning,
    provisioned,
    restoredFresh,
    installedPackages,
    timings,
  };
  if (!alreadyRunning)
    writeFileAtomic(p.timingsFile, `${JSON.stringify({ at: new Date().toISOString(), ...result }, null, 2)}\n`);
  return result;
}
