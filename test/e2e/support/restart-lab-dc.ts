// Restarts the shared lab DC (samba stopped with SIGTERM, then `lab up` again, which waits until
// LDAPS answers and re-checks the operator account), so the lab is up and healthy afterwards.
// Tests calling this run under the EXCLUSIVE lab lock (flock /tmp/reclaim-lab.lock).
import { labUp } from '../../../src/lab/samba/lab-up.ts';
import { withLabLock } from '../../../src/lab/samba/lab-lock.ts';
import { labPaths, labSettings } from '../../../src/lab/samba/lab-settings.ts';
import { runningPid, stopSamba } from '../../../src/lab/samba/samba-process.ts';

export async function restartLabDc(
  labDir: string,
  log: (line: string) => void,
): Promise<{ before: number | undefined; after: number }> {
  return withLabLock(labDir, async () => {
    const paths = labPaths(labSettings(labDir));
    const before = runningPid(paths);
    await stopSamba(paths);
    const up = await labUp(labDir, {}, log);
    return { before, after: up.pid };
  });
}
