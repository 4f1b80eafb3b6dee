// Stops every DC of the several-DC lab (the folder stays: the next up restarts it in seconds).
import { existsSync, readFileSync } from 'node:fs';
import { labInfoFile } from '../lab-info.ts';
import { stopSamba } from '../samba-process.ts';
import { multiDcLab } from './multi-dc-settings.ts';

export async function multiDcDown(labDir: string, count: number): Promise<string[]> {
  const stopped: string[] = [];
  for (const dc of multiDcLab(labDir, count).dcs.reverse()) {
    if (await stopSamba(dc.paths)) stopped.push(dc.settings.hostName);
  }
  return stopped;
}

/** How many DCs the lab in `labDir` has when it is a several-DC lab (its lab.json says so); else undefined. */
export function multiDcCount(labDir: string): number | undefined {
  const file = labInfoFile(labDir);
  if (!existsSync(file)) return undefined;
  const info = JSON.parse(readFileSync(file, 'utf8')) as { multiDc?: boolean; dcs?: unknown[] };
  return info.multiDc === true && Array.isArray(info.dcs) ? info.dcs.length : undefined;
}
