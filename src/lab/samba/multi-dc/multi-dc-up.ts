// `reclaim lab up --dcs N`: a lab domain with N writable, replicating DCs on 127.0.0.21..2N, in
// its own lab folder (samba-multi-dc.md recipe). Idempotent: provisions/joins what is missing and
// starts what is stopped.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../app/write-file-atomic.ts';
import { ReclaimError } from '../../../core/errors/reclaim-error.ts';
import { installSambaPackages } from '../install-samba-packages.ts';
import { labInfoFile, type LabInfo } from '../lab-info.ts';
import { openLabClient } from '../lab-ldap-client.ts';
import { ensurePasswordFile } from '../lab-password-file.ts';
import { ldapsUrl } from '../lab-settings.ts';
import { adminBind, buildLabInfo } from '../lab-up.ts';
import { ensureLoopbackAddress, portInUse } from '../loopback-address.ts';
import { ensureOperatorAccount } from '../operator-account.ts';
import { installDcConfig, isProvisioned, provisionDc, writeClientFiles } from '../provision-dc.ts';
import { runningPid, stopSamba } from '../samba-process.ts';
import { waitReady } from '../wait-ready.ts';
import { writeNamespaceFiles, type NsHost } from './lab-namespace.ts';
import { renderMultiKrb5Conf, renderMultiSmbConf } from './multi-dc-config.ts';
import { readDsaIds, sambaToolInNamespace, spnUpdateInNamespace, startDcInNamespace } from './multi-dc-process.ts';
import { multiDcLab, type MultiDc, type MultiDcLab } from './multi-dc-settings.ts';

export interface MultiDcUpResult {
  labDir: string;
  dcs: Array<{ name: string; url: string; pid: number; started: boolean; created: boolean }>;
  totalMs: number;
}

function writeDcConfig(lab: MultiDcLab, dc: MultiDc): void {
  installDcConfig(dc.settings, dc.paths); // certificate with this DC's IP SAN, base smb.conf
  writeFileSync(dc.paths.smbConf, renderMultiSmbConf(dc.settings, dc.paths.dcDir));
  const ips = [dc.settings.ip, ...lab.dcs.filter((o) => o !== dc).map((o) => o.settings.ip)];
  mkdirSync(join(dc.paths.dcDir, 'etc'), { recursive: true });
  writeFileSync(dc.krb5Conf, renderMultiKrb5Conf(dc.settings, ips));
}

function writeHosts(lab: MultiDcLab): void {
  const hosts: NsHost[] = lab.dcs.map((dc) => {
    const names = [`${dc.settings.hostName}.${dc.settings.dnsDomain}`, dc.settings.hostName];
    if (isProvisioned(dc.paths)) names.push(`${readDsaIds(dc).objectGuid}._msdcs.${dc.settings.dnsDomain}`);
    return { ip: dc.settings.ip, names };
  });
  writeNamespaceFiles(lab.nsDir, hosts);
}

async function startDc(
  lab: MultiDcLab,
  dc: MultiDc,
  adminPassword: string,
  log: (l: string) => void,
): Promise<{ pid: number; started: boolean }> {
  let pid = runningPid(dc.paths);
  const started = pid === undefined;
  if (started) {
    await stopSamba(dc.paths);
    if (await portInUse(dc.settings.ip, 636)) {
      throw new ReclaimError('LAB_UNAVAILABLE', `Another server already listens on ${dc.settings.ip}:636`);
    }
    log(`starting ${dc.settings.hostName} on ${dc.settings.ip}`);
    startDcInNamespace(lab.nsDir, dc);
  }
  await waitReady({ ...adminBind(dc.settings, dc.paths), password: adminPassword }, 60_000, dc.paths.sambaLog);
  pid = runningPid(dc.paths) ?? 0;
  return { pid, started };
}

function joinDc(lab: MultiDcLab, dc: MultiDc, first: MultiDc, adminPassword: string, log: (l: string) => void): void {
  const s = dc.settings;
  log(`joining ${s.hostName} to ${s.realm} through ${first.settings.ip}`);
  // A folder without the marker is a join that did not finish: start over, never half-use it.
  rmSync(dc.paths.dcDir, { recursive: true, force: true });
  mkdirSync(join(dc.paths.dcDir, 'etc'), { recursive: true });
  const emptyConf = join(dc.paths.dcDir, 'empty.conf');
  writeFileSync(emptyConf, '');
  const joinKrb5 = join(dc.paths.dcDir, 'join-krb5.conf');
  writeFileSync(joinKrb5, renderMultiKrb5Conf(s, [first.settings.ip]));
  // The account names the domain: with the workgroup unknown, the DC would hand NTLM to winbindd
  // (not running on this DC) and fail with NO_LOGON_SERVERS.
  // SAFETY: the password is an argument of samba-tool (lab only); runLabTool never echoes arguments.
  sambaToolInNamespace(
    lab.nsDir,
    `join ${s.hostName}`,
    [
      'domain',
      'join',
      s.dnsDomain,
      'DC',
      '-s',
      emptyConf,
      `--targetdir=${dc.paths.dcDir}`,
      '-U',
      `${s.netbiosDomain}\\Administrator`,
      `--password=${adminPassword}`,
      `--server=${first.settings.ip}`,
      `--realm=${s.realm}`,
      '--dns-backend=NONE',
      '--backend-store=mdb',
      `--option=netbios name=${s.hostName.toUpperCase()}`,
      `--option=interfaces=${s.ip}`,
      '--option=bind interfaces only=yes',
    ],
    { env: { KRB5_CONFIG: joinKrb5 } },
  );
  writeDcConfig(lab, dc);
  writeFileSync(dc.paths.provisionedMarker, `${new Date().toISOString()}\n`);
  writeHosts(lab); // before DC1 notifies it: its _msdcs name must resolve
  spnUpdateInNamespace(lab.nsDir, dc); // the join registers only HOST/, GC/ and DRS SPNs (gotcha 3)
}

/** Forces both replication directions live at once instead of at the next KCC run (gotcha 4). */
export function forcePull(lab: MultiDcLab, adminPassword: string, to: MultiDc, from: MultiDc): void {
  sambaToolInNamespace(
    lab.nsDir,
    `replicate ${from.settings.hostName} -> ${to.settings.hostName}`,
    [
      'drs',
      'replicate',
      to.settings.ip,
      from.settings.hostName.toUpperCase(),
      to.settings.baseDn,
      '--add-ref',
      '-U',
      `${to.settings.netbiosDomain}\\Administrator`,
      `--password=${adminPassword}`,
      '--use-kerberos=off',
    ],
    { timeoutMs: 60_000 },
  );
}

/** Callers hold the lab lock (withLabLock) on labDir. */
export async function multiDcUp(labDir: string, count: number, log: (line: string) => void): Promise<MultiDcUpResult> {
  const t0 = Date.now();
  if (!Number.isInteger(count) || count < 2 || count > 4) {
    throw new ReclaimError('USAGE_INVALID', `--dcs must be an integer from 2 to 4 (got ${count})`);
  }
  if (
    existsSync(labInfoFile(labDir)) &&
    !(JSON.parse(readFileSync(labInfoFile(labDir), 'utf8')) as { multiDc?: boolean }).multiDc
  ) {
    throw new ReclaimError(
      'USAGE_INVALID',
      `${labDir} holds a single-DC lab: bring the several-DC lab up in another folder (RECLAIM_LAB_DIR)`,
    );
  }
  const lab = multiDcLab(labDir, count);
  const [first] = lab.dcs as [MultiDc, ...MultiDc[]];
  for (const dc of lab.dcs) ensureLoopbackAddress(dc.settings.ip);
  installSambaPackages(log);
  mkdirSync(labDir, { recursive: true });
  const adminPassword = ensurePasswordFile(first.paths.adminPasswordFile);
  const operatorPassword = ensurePasswordFile(first.paths.operatorPasswordFile);
  writeClientFiles(first.settings, first.paths);
  // Clients (kinit, kpasswd) may use any DC.
  writeFileSync(
    first.paths.krb5Conf,
    renderMultiKrb5Conf(
      first.settings,
      lab.dcs.map((d) => d.settings.ip),
    ),
  );

  const created = new Set<MultiDc>();
  if (!isProvisioned(first.paths)) {
    log(`provisioning ${first.settings.realm} into ${first.paths.dcDir}`);
    provisionDc(first.settings, first.paths, adminPassword);
    created.add(first);
  }
  writeDcConfig(lab, first);
  writeHosts(lab);
  const states = new Map<MultiDc, { pid: number; started: boolean }>();
  states.set(first, await startDc(lab, first, adminPassword, log));

  for (const dc of lab.dcs.slice(1)) {
    if (!isProvisioned(dc.paths)) {
      joinDc(lab, dc, first, adminPassword, log);
      created.add(dc);
    } else {
      writeDcConfig(lab, dc);
    }
    states.set(dc, await startDc(lab, dc, adminPassword, log));
    if (created.has(dc)) {
      forcePull(lab, adminPassword, first, dc);
      forcePull(lab, adminPassword, dc, first);
    }
  }

  const client = await openLabClient(adminBind(first.settings, first.paths));
  try {
    await ensureOperatorAccount(client, first.settings, first.paths, operatorPassword);
  } finally {
    await client.unbind().catch(() => undefined);
  }
  // The delegation was written into dc1's database: make it visible on every DC before returning.
  for (const dc of lab.dcs.slice(1)) forcePull(lab, adminPassword, dc, first);

  const base = buildLabInfo(first.settings, first.paths);
  const info: LabInfo & { services: string[]; multiDc: true } = {
    ...base,
    dcs: lab.dcs.map((dc) => ({
      name: dc.settings.hostName,
      ip: dc.settings.ip,
      url: ldapsUrl(dc.settings),
      dir: dc.paths.dcDir,
      pidFile: dc.paths.pidFile,
    })),
    multiDc: true,
  };
  writeFileAtomic(labInfoFile(labDir), `${JSON.stringify(info, null, 2)}\n`);
  return {
    labDir,
    dcs: lab.dcs.map((dc) => ({
      name: dc.settings.hostName,
      url: ldapsUrl(dc.settings),
      pid: states.get(dc)?.pid ?? 0,
      started: states.get(dc)?.started ?? false,
      created: created.has(dc),
    })),
    totalMs: Date.now() - t0,
  };
}

export function renderMultiDcUp(r: MultiDcUpResult): string {
  const lines = r.dcs.map(
    (d) =>
      `  ${d.name} ${d.url} (pid ${d.pid})${d.created ? ' joined' : ''}${d.started ? ' started' : ' already running'}`,
  );
  return [`lab with ${r.dcs.length} DCs in ${r.labDir}, ready in ${(r.totalMs / 1000).toFixed(1)} s`, ...lines].join(
    '\n',
  );
}
