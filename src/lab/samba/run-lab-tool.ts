// Runs one external lab tool (apt-get, samba-tool, samba, tar) and turns a failure into a
// LAB_UNAVAILABLE error naming the step and the tool's last output lines.
import { spawnSync } from 'node:child_process';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

export interface LabToolOptions {
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

/**
 * SAFETY: the arguments are never echoed in the error (samba-tool takes passwords as arguments);
 * only the step name and the tool's own output, which does not repeat them, are.
 */
export function runLabTool(step: string, command: string, args: string[], options: LabToolOptions = {}): string {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    input: options.input,
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`.trim().split('\n').slice(-8);
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    throw new ReclaimError('LAB_UNAVAILABLE', `Lab step "${step}" failed (${command}: ${why})`, { details: output });
  }
  return result.stdout;
}

/** Debian's python3: a version manager's python3 earlier in PATH has no samba module (gotcha 11). */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export function sambaTool(step: string, args: string[], options: LabToolOptions = {}): string {
  return runLabTool(step, SYSTEM_PYTHON, ['/usr/bin/samba-tool', ...args], options);
}
