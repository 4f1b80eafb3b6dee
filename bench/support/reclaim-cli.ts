// Runs the `reclaim` command as a user would (bin/reclaim.mjs in a child process, the loopback
// guard and the lab CA inherited from the bench's environment) and waits for it to exit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/reclaim.mjs', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** peak resident set size of the child, in MB (from /proc, sampled every 200 ms) */
  peakRssMb: number;
}

export function reclaimCli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakRssMb = 0;
    const sample = setInterval(() => {
      peakRssMb = Math.max(peakRssMb, residentMb(child.pid));
    }, 200);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      resolve({ code, stdout, stderr, peakRssMb });
    });
  });
}

function residentMb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // VmHWM: the peak resident set size the kernel recorded for the process
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}
