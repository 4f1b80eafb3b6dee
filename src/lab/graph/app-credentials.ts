// Credentials of the lab tenant's app registrations: a client secret and a self-signed
// certificate each. Generated once per process (openssl), or kept in a folder when one is given
// so a long-running emulator hands out the same credentials after a restart.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../app/write-file-atomic.ts';

export interface AppCredentials {
  clientSecret: string;
  certificatePem: string;
  privateKeyPem: string;
}

const generated = new Map<string, AppCredentials>();

function generate(name: string): AppCredentials {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-app-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'key.pem',
        '-out',
        'cert.pem',
        '-days',
        '825',
        '-subj',
        `/CN=${name}`,
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return {
      // Shaped like an Entra secret value (40 characters, includes '~').
      clientSecret: `${randomBytes(3).toString('hex').slice(0, 3)}8Q~${randomBytes(27).toString('base64url').slice(0, 34)}`,
      certificatePem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      privateKeyPem: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function appCredentials(name: string, keepDir?: string): AppCredentials {
  if (keepDir) {
    const file = join(keepDir, `${name}.credentials.json`);
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as AppCredentials;
    const created = generate(name);
    mkdirSync(keepDir, { recursive: true, mode: 0o700 });
    // SAFETY: app secrets and private keys are readable by the lab owner only; written whole or
    // not at all, so an interrupted start never leaves credentials that cannot be read back.
    writeFileAtomic(file, JSON.stringify(created), 0o600);
    chmodSync(file, 0o600);
    return created;
  }
  let cached = generated.get(name);
  if (!cached) {
    cached = generate(name);
    generated.set(name, cached);
  }
  return cached;
}
