// Starting and stopping the DC's samba daemon by its pid file; "stopped" means every process of
// this DC (found by its smb.conf path) has exited, not just the parent.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { LabPaths } from './lab-settings.ts';

export function readPid(p: LabPaths): number | undefined {
  if (!existsSync(p.pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(p.pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function sessionOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after "(comm)": state ppid pgrp session ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie has exited; it only waits for pid 1 to reap it (which here takes a moment).
    return fields[0] === 'Z' ? undefined : Number(fields[3]);
  } catch {
    return undefined;
  }
}

/**
 * Every process of the DC. `samba -D` makes its root process a session leader and samba rewrites
 * its command lines ("samba: task[ldap] ..."), so the session id is what ties them together.
 */
export function dcProcesses(leader: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && sessionOf(Number(entry)) === leader) pids.push(Number(entry));
  }
  return pids;
}

/** The root samba pid when it is alive and really a samba session leader, else undefined. */
export function runningPid(p: LabPaths): number | undefined {
  const pid = readPid(p);
  if (pid === undefined || sessionOf(pid) !== pid) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('samba') ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function startSamba(p: LabPaths, krb5Conf: string): void {
  mkdirSync('/run/samba', { recursive: true }); // parent of the default winbindd socket dir (gotcha 6)
  const result = spawnSync('samba', ['-D', '-s', p.smbConf], {
    encoding: 'utf8',
    env: { ...process.env, KRB5_CONFIG: krb5Conf },
    timeout: 60_000,
  });
  if (result.status !== 0) {
    throw new ReclaimError('LAB_UNAVAILABLE', `samba did not start (exit code ${result.status})`, {
      details: [`${result.stderr ?? ''}`.trim(), `see ${p.sambaLog}`].filter(Boolean),
    });
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isSambaProcess(pid: number): boolean {
  try {
    // An empty command line is a process half-way through exiting (its memory is already gone).
    return /^(samba|smbd|winbindd|\/usr\/sbin\/(smbd|winbindd)|$)/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * SIGTERM to the root process, then waits until every process of the DC exited (SIGKILL after
 * timeout). When the root process died (kill -9) its orphaned workers may still hold the ports:
 * they are found by the old session id (and their samba command line) and stopped too.
 */
export async function stopSamba(p: LabPaths, timeoutMs = 20_000): Promise<boolean> {
  const running = runningPid(p);
  const leader = running ?? readPid(p);
  if (leader === undefined) return false;
  const members = () => dcProcesses(leader).filter(isSambaProcess);
  const signal = (pids: number[], sig: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  };
  if (running === undefined && members().length === 0) return false;
  signal(running !== undefined ? [running] : members(), 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (members().length > 0) {
    if (Date.now() > deadline) {
      signal(members(), 'SIGKILL');
      await sleep(200);
      break;
    }
    await sleep(50);
  }
  return true;
}
