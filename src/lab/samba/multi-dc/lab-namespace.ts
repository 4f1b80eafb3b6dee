// The DCs and every samba-tool call run in a private mount namespace whose /etc/hosts and
// /etc/resolv.conf are lab files (samba-multi-dc.md gotcha 1): DRS resolves <NTDS-GUID>._msdcs
// names there, and the machine's own /etc/hosts is never edited.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface NsHost {
  ip: string;
  names: string[];
}

/**
 * SAFETY: resolv.conf points at 127.0.0.1 (where nothing answers DNS), so a name missing from the
 * hosts file fails locally instead of being asked of a real DNS server.
 */
export function writeNamespaceFiles(nsDir: string, hosts: NsHost[]): void {
  mkdirSync(nsDir, { recursive: true });
  const resolv = join(nsDir, 'resolv.conf');
  if (!existsSync(resolv)) writeFileSync(resolv, 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  // The machine's own lines stay (its hostname must resolve, gotcha 5).
  const own = readFileSync('/etc/hosts', 'utf8').trimEnd();
  const lab = hosts.map((h) => `${h.ip}\t${h.names.join(' ')}`).join('\n');
  const file = join(nsDir, 'hosts');
  // Rewritten in place, never renamed: a bind mount pins the inode, running DCs would not see a new file.
  writeFileSync(file, `${own}\n# reclaim multi-DC lab\n${lab}\n`);
}

/** [command, args] running `command args` inside the namespace. */
export function inNamespace(nsDir: string, command: string, args: string[]): [string, string[]] {
  const script = 'mount --bind "$0/hosts" /etc/hosts && mount --bind "$0/resolv.conf" /etc/resolv.conf && exec "$@"';
  return ['unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', script, nsDir, command, ...args]];
}
