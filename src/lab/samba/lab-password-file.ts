// The lab's own account passwords: random, kept in files of mode 0600 inside the lab folder and
// reused across `lab reset`, so seed snapshots taken earlier keep matching them.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function ensurePasswordFile(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Complexity (3 of 4 classes) is guaranteed by the fixed suffix; the random part carries the strength.
  const password = `${randomBytes(18).toString('base64url')}-Aa1`;
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return password;
}
