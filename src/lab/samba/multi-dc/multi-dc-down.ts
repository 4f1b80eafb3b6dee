// Stops every DC of the several-DC lab (the folder stays: the next up restarts it in seconds).
import { stopSamba } from '../samba-process.ts';
import { multiDcLab } from './multi-dc-settings.ts';

export async function multiDcDown(labDir: string, count: number): Promise<string[]> {
  const stopped: string[] = [];
  for (const dc of multiDcLab(labDir, count).dcs.reverse()) {
    if (await stopSamba(dc.paths)) stopped.push(dc.settings.hostName);
  }
  return stopped;
}
