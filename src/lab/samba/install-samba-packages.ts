// Installs the Debian packages of the Samba AD DC when any is missing (CI starts from a fresh
// Debian 12, as root). A machine that has them all pays one dpkg-query.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { runLabTool } from './run-lab-tool.ts';

export const SAMBA_PACKAGES = [
  'samba',
  'samba-ad-dc',
  'samba-ad-provision',
  'samba-dsdb-modules',
  'samba-vfs-modules',
  'winbind',
  'krb5-user',
  'ldap-utils',
  'smbclient',
  'ldb-tools',
  'tar',
  'openssl',
  'iproute2',
];

export function missingPackages(packages: string[] = SAMBA_PACKAGES): string[] {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${field} format, not a template
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], {
    encoding: 'utf8',
  });
  const installed = new Set(
    (result.stdout ?? '')
      .split('\n')
      .filter((l) => l.endsWith(' installed'))
      .map((l) => l.split(' ')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/** Returns the packages it installed (empty when all were present). */
export function installSambaPackages(log: (line: string) => void): string[] {
  const missing = missingPackages();
  if (missing.length === 0) return [];
  log(`installing ${missing.length} package(s): ${missing.join(' ')}`);
  // SAFETY: without systemd the package scripts would start smbd/nmbd on ALL interfaces through
  // /etc/init.d unless policy-rc.d forbids it (samba-lab.md gotcha 2).
  const policy = '/usr/sbin/policy-rc.d';
  if (!existsSync(policy)) {
    writeFileSync(policy, '#!/bin/sh\nexit 101\n');
    chmodSync(policy, 0o755);
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  runLabTool('apt-get update', 'apt-get', ['update'], { env });
  runLabTool('apt-get install', 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    env,
    timeoutMs: 900_000,
  });
  return missing;
}
