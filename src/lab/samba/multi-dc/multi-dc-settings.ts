// Where the several-DC lab lives and which loopback address each DC takes. It is a lab folder of its
// own (never the shared single-DC lab), so bringing it up or down never disturbs other tests.
import { join } from 'node:path';
import { labPaths, labSettings, SECOND_LAB_SERVICES, type LabPaths, type LabSettings } from '../lab-settings.ts';

export interface MultiDc {
  settings: LabSettings;
  paths: LabPaths;
  /** krb5.conf this DC's daemon runs with (KRB5_CONFIG; samba-multi-dc.md gotcha 2): its own KDC first. */
  krb5Conf: string;
}

export interface MultiDcLab {
  labDir: string;
  dcs: MultiDc[];
  /** Folder holding the namespace's private hosts and resolv.conf. */
  nsDir: string;
}

export const DEFAULT_MULTI_LAB_DIR = '/tmp/reclaim-lab-multi';
/** DC n gets 127.0.0.(20+n): clear of the shared lab (127.0.0.1) and the second labs (127.0.0.2-7). */
export const MULTI_IP_BASE = 20;

export function multiLabDir(): string {
  const fromEnv = process.env.RECLAIM_MULTI_LAB_DIR;
  return fromEnv && fromEnv.trim() !== '' ? fromEnv : DEFAULT_MULTI_LAB_DIR;
}

export function multiDcLab(labDir: string, count: number): MultiDcLab {
  const dcs: MultiDc[] = [];
  for (let n = 1; n <= count; n += 1) {
    // Only one DC per machine may run s3fs/winbindd, and the shared lab's dc1 does.
    const base = labSettings(labDir, { ip: `127.0.0.${MULTI_IP_BASE + n}`, services: SECOND_LAB_SERVICES });
    const settings: LabSettings = { ...base, hostName: `dc${n}` };
    const paths = labPaths(settings);
    dcs.push({ settings, paths, krb5Conf: join(paths.dcDir, 'etc', 'krb5.conf') });
  }
  return { labDir, dcs, nsDir: join(labDir, 'ns') };
}
