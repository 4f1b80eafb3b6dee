// A tar of the DC folder right after provisioning (before the first start): `lab reset` and a
// re-seed restore it in about a second instead of provisioning again (3-30 s on a busy 2-core
// machine). The restored domain is empty but keeps the domain SID of that first provision;
// `lab reset --reprovision` makes a new one.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LabPaths, LabSettings } from './lab-settings.ts';
import { installDcConfig } from './provision-dc.ts';
import { runLabTool } from './run-lab-tool.ts';

export function freshSnapshotFile(s: LabSettings, p: LabPaths): string {
  return join(p.snapshotsDir, `fresh-${s.hostName}-${s.ip}.tar`);
}

export function saveFreshSnapshot(s: LabSettings, p: LabPaths): void {
  mkdirSync(p.snapshotsDir, { recursive: true, mode: 0o700 });
  const file = freshSnapshotFile(s, p);
  runLabTool('snapshot the fresh domain', 'tar', [
    '--warning=no-file-ignored',
    '-C',
    dirname(p.dcDir),
    '-cf',
    `${file}.tmp`,
    basename(p.dcDir),
  ]);
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

/** Restores the fresh domain when a snapshot exists; false when there is none. Samba must be stopped. */
export function restoreFreshSnapshot(s: LabSettings, p: LabPaths): boolean {
  const file = freshSnapshotFile(s, p);
  if (!existsSync(file)) return false;
  rmSync(p.dcDir, { recursive: true, force: true });
  runLabTool('restore the fresh domain', 'tar', ['-C', dirname(p.dcDir), '-xf', file]);
  installDcConfig(s, p); // this folder's paths, address and certificate
  return true;
}

export function dropFreshSnapshot(s: LabSettings, p: LabPaths): void {
  rmSync(freshSnapshotFile(s, p), { force: true });
}
