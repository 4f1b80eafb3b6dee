// A second lab DC needs its own loopback address on `lo`: samba enumerates interfaces and, when the
// address is not on one, logs "no network interfaces found" and listens nowhere (samba-lab.md gotcha 13).
import { spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { runLabTool } from './run-lab-tool.ts';

/** SAFETY: the lab never binds outside 127.0.0.0/8. */
export function assertLoopbackIp(ip: string): void {
  const octets = ip.split('.').map(Number);
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || octets.some((o) => o > 255)) {
    throw new ReclaimError('USAGE_INVALID', `The lab address must be a loopback address in 127.0.0.0/8 (got ${ip})`);
  }
}

export function ensureLoopbackAddress(ip: string): void {
  assertLoopbackIp(ip);
  if (ip === '127.0.0.1') return;
  const shown = spawnSync('ip', ['-o', '-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).stdout ?? '';
  if (shown.includes(` ${ip}/`)) return;
  runLabTool(`add ${ip} to the loopback interface`, 'ip', ['addr', 'add', `${ip}/8`, 'dev', 'lo']);
}

/** True when something already accepts connections on ip:port (another lab's DC). */
export function portInUse(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: ip, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
