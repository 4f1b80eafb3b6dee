// Runs the lab's Graph emulator as a detached process (for `reclaim lab up`): on 127.0.0.1:8443
// unless that port is busy, then on a free one. Idempotent: a live emulator is reused.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { emulatorInfoFile, type EmulatorInfo } from './emulator-main.ts';

export const DEFAULT_EMULATOR_PORT = 8443;
// emulator-main.ts next to this file in a clone (run through tsx), emulator-main.js in the built package.
const thisFile = fileURLToPath(import.meta.url);
const mainFile = resolve(thisFile, `../emulator-main${extname(thisFile)}`);
const loader = extname(thisFile) === '.ts' ? ['--import', import.meta.resolve('tsx')] : [];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('emulator-main');
  } catch {
    return false;
  }
}

export function readEmulatorInfo(labDir: string): EmulatorInfo | undefined {
  const file = emulatorInfoFile(labDir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EmulatorInfo;
  } catch {
    return undefined;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `preferredPort` 0 asks for any free port (tests); the lab uses the fixed 8443. */
export async function ensureGraphEmulator(
  labDir: string,
  options: { preferredPort?: number; timeoutMs?: number } = {},
): Promise<{ url: string; tenantId: string; pid: number }> {
  const preferred = options.preferredPort ?? DEFAULT_EMULATOR_PORT;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const existing = readEmulatorInfo(labDir);
  if (existing && alive(existing.pid)) return { url: existing.url, tenantId: existing.tenantId, pid: existing.pid };
  rmSync(emulatorInfoFile(labDir), { force: true });
  const port = preferred !== 0 && (await portFree(preferred)) ? preferred : await freePort();
  mkdirSync(join(labDir, 'graph'), { recursive: true });
  const logFile = join(labDir, 'graph', 'emulator.log');
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...loader, mainFile, labDir, String(port)], {
    detached: true,
    stdio: ['ignore', out, out],
    env: process.env,
  });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const info = readEmulatorInfo(labDir);
    if (info && info.pid === child.pid) return { url: info.url, tenantId: info.tenantId, pid: info.pid };
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new ReclaimError('LAB_UNAVAILABLE', 'The Graph emulator did not start', { details: [`see ${logFile}`] });
}

export async function stopGraphEmulator(labDir: string, timeoutMs = 10_000): Promise<{ wasRunning: boolean }> {
  const info = readEmulatorInfo(labDir);
  if (!info || !alive(info.pid)) {
    rmSync(emulatorInfoFile(labDir), { force: true });
    return { wasRunning: false };
  }
  process.kill(info.pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive(info.pid)) await sleep(50);
  if (alive(info.pid)) process.kill(info.pid, 'SIGKILL');
  rmSync(emulatorInfoFile(labDir), { force: true });
  return { wasRunning: true };
}
