// Tar snapshots of a seeded DC folder: building 20,000 users takes minutes, restoring ~1 s.
// Taken with samba stopped, so the LMDB files are consistent.
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LabPaths, LabSettings } from '../samba/lab-settings.ts';
import { installDcConfig } from '../samba/provision-dc.ts';
import { runLabTool } from '../samba/run-lab-tool.ts';

export function snapshotName(users: number, seed: number, generatorVersion: number): string {
  return `seed-${users}-${seed}-v${generatorVersion}`;
}

export function snapshotFiles(p: LabPaths, name: string) {
  return { tar: join(p.snapshotsDir, `${name}.tar`), manifest: join(p.snapshotsDir, `${name}.manifest.json`) };
}

/** Callers stop samba first. Writes to a temporary name, then renames: never a half snapshot. */
export function takeSnapshot(p: LabPaths, name: string): void {
  mkdirSync(p.snapshotsDir, { recursive: true, mode: 0o700 });
  const files = snapshotFiles(p, name);
  const tmp = `${files.tar}.tmp`;
  // samba's sockets cannot be archived ("socket ignored"): harmless, silenced.
  runLabTool('snapshot the DC folder', 'tar', [
    '--warning=no-file-ignored',
    '-C',
    dirname(p.dcDir),
    '-cf',
    tmp,
    basename(p.dcDir),
  ]);
  chmodSync(tmp, 0o600);
  copyFileSync(p.manifestFile, `${files.manifest}.tmp`);
  chmodSync(`${files.manifest}.tmp`, 0o600);
  renameSync(`${files.manifest}.tmp`, files.manifest);
  renameSync(tmp, files.tar);
}

export function hasSnapshot(p: LabPaths, name: string): boolean {
  const files = snapshotFiles(p, name);
  return existsSync(files.tar) && existsSync(files.manifest);
}

/**
 * Callers stop samba first. Replaces the DC folder and the manifest with the snapshot's, then puts
 * this lab's smb.conf and certificate in place: a snapshot built in another lab folder (with the
 * same password files) works here too.
 */
export function restoreSnapshot(s: LabSettings, p: LabPaths, name: string): void {
  const files = snapshotFiles(p, name);
  rmSync(p.dcDir, { recursive: true, force: true });
  runLabTool('restore the DC folder', 'tar', ['-C', dirname(p.dcDir), '-xf', files.tar]);
  installDcConfig(s, p);
  copyFileSync(files.manifest, p.manifestFile);
  chmodSync(p.manifestFile, 0o600);
}
