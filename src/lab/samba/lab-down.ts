// `reclaim lab down` (stop by pid, wait for every process) and `reclaim lab reset` (a fresh domain).
import { rmSync } from 'node:fs';
import type { LabOverrides } from './lab-settings.ts';
import { labPaths, labSettings } from './lab-settings.ts';
import { dropFreshSnapshot } from './fresh-domain-snapshot.ts';
import { labUp, type LabUpResult } from './lab-up.ts';
import { stopSamba } from './samba-process.ts';

export interface LabDownResult {
  labDir: string;
  wasRunning: boolean;
  stopMs: number;
}

export async function labDown(labDir: string): Promise<LabDownResult> {
  const p = labPaths(labSettings(labDir));
  const started = Date.now();
  const wasRunning = await stopSamba(p);
  return { labDir, wasRunning, stopMs: Date.now() - started };
}

/**
 * Down, delete the DC folder (not the CA, password files or seed snapshots), up again: an empty
 * domain from the fresh-domain snapshot, or a newly provisioned one with `reprovision`.
 */
export async function labReset(
  labDir: string,
  overrides: LabOverrides,
  log: (line: string) => void,
  reprovision = false,
): Promise<{ down: LabDownResult; up: LabUpResult }> {
  const down = await labDown(labDir);
  const s = labSettings(labDir, overrides);
  const p = labPaths(s);
  if (reprovision) dropFreshSnapshot(s, p);
  rmSync(p.dcDir, { recursive: true, force: true });
  // The manifest described the old domain's objects; it is not true of the fresh one.
  rmSync(p.manifestFile, { force: true });
  const up = await labUp(labDir, overrides, log);
  return { down, up };
}
