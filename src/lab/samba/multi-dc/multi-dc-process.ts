// Starting a DC of the several-DC lab: inside the lab namespace, with its own KRB5_CONFIG
// (samba-multi-dc.md gotchas 1 and 2), and reading a DC's NTDS Settings identity offline.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ReclaimError } from '../../../core/errors/reclaim-error.ts';
import { runLabTool, sambaTool, SYSTEM_PYTHON, type LabToolOptions } from '../run-lab-tool.ts';
import { inNamespace } from './lab-namespace.ts';
import type { MultiDc } from './multi-dc-settings.ts';

export function startDcInNamespace(nsDir: string, dc: MultiDc): void {
  mkdirSync('/run/samba', { recursive: true });
  const [cmd, args] = inNamespace(nsDir, 'samba', ['-D', '-s', dc.paths.smbConf]);
  const result = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, KRB5_CONFIG: dc.krb5Conf },
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new ReclaimError(
      'LAB_UNAVAILABLE',
      `samba (${dc.settings.hostName}) did not start (exit code ${result.status})`,
      {
        details: [`${result.stderr ?? ''}`.trim(), `see ${dc.paths.sambaLog}`].filter(Boolean),
      },
    );
  }
}

/** samba-tool inside the namespace (the join and drs calls resolve DC names there). */
export function sambaToolInNamespace(
  nsDir: string,
  step: string,
  args: string[],
  options: LabToolOptions = {},
): string {
  const [cmd, wrapped] = inNamespace(nsDir, SYSTEM_PYTHON, ['/usr/bin/samba-tool', ...args]);
  return runLabTool(step, cmd, wrapped, options);
}

export function spnUpdateInNamespace(nsDir: string, dc: MultiDc): void {
  const [cmd, args] = inNamespace(nsDir, SYSTEM_PYTHON, ['/usr/sbin/samba_spnupdate', '-s', dc.paths.smbConf]);
  runLabTool(`register the SPNs of ${dc.settings.hostName}`, cmd, args, { env: { KRB5_CONFIG: dc.krb5Conf } });
}

export interface DsaIds {
  objectGuid: string;
  invocationId: string;
}

/** The DC's NTDS Settings objectGUID (its `_msdcs` name) and invocationId, read from its own database. */
export function readDsaIds(dc: MultiDc): DsaIds {
  const s = dc.settings;
  const dn = `CN=NTDS Settings,CN=${s.hostName.toUpperCase()},CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,${s.baseDn}`;
  const out = runLabTool(`read the NTDS settings of ${s.hostName}`, 'ldbsearch', [
    '-H',
    join(dc.paths.dcDir, 'private', 'sam.ldb'),
    '-b',
    dn,
    '-s',
    'base',
    'objectGUID',
    'invocationId',
  ]);
  const objectGuid = /^objectGUID: (\S+)$/m.exec(out)?.[1];
  const invocationId = /^invocationId: (\S+)$/m.exec(out)?.[1];
  if (!objectGuid || !invocationId)
    throw new ReclaimError('LAB_UNAVAILABLE', `No NTDS Settings for ${s.hostName} in its database`);
  return { objectGuid, invocationId };
}

export { sambaTool };
