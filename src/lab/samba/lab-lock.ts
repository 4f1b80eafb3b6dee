// One lab command at a time per lab folder: several engineers' test runs call `lab up` and
// `lab seed` concurrently, and two provisions or two seeds racing in one folder would corrupt it.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

function holderAlive(file: string): boolean {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function withLabLock<T>(
  labDir: string,
  work: () => Promise<T>,
  waitMs = 15 * 60_000,
  log?: (l: string) => void,
): Promise<T> {
  mkdirSync(labDir, { recursive: true });
  const file = join(labDir, '.lab.lock');
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock whose holder died (kill -9) is taken over rather than waited on forever.
      if (!holderAlive(file)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() - started > waitMs) {
        throw new ReclaimError('LAB_UNAVAILABLE', `Another lab command holds ${file} for more than ${waitMs / 1000} s`);
      }
      if (!told) log?.('waiting for another lab command in this lab folder to finish');
      told = true;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}
