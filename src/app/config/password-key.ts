// engine.passwordKey: the secret reset passwords are derived from (engine/action-passwords.ts) and
// operators' TOTP secrets are sealed with. SAFETY: it lives outside the store and the config (an
// env: or file: reference); a file holding it must be readable by its owner only; it must carry at
// least 256 bits. `reclaim key create FILE` writes one (32 random bytes, base64url, mode 0600).
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';
import type { ReclaimConfig } from './config-schema.ts';
import { resolveSecret } from './secret-ref.ts';

export const minimumKeyLength = 32;

export const keyHelp =
  'create one with `reclaim key create /secure/path/reclaim.key` and set engine.passwordKey: "file:/secure/path/reclaim.key" (or env:NAME)';

/** The key, or a clear reason why it cannot be used (CONFIG_INVALID / SECRET_UNAVAILABLE). */
export function readPasswordKey(config: ReclaimConfig, env: NodeJS.ProcessEnv = process.env): Secret {
  const ref = config.engine.passwordKey;
  if (!ref)
    throw new ReclaimError(
      'CONFIG_INVALID',
      `engine.passwordKey is not set: reset passwords are derived from it and console TOTP secrets sealed with it; ${keyHelp}`,
    );
  if (ref.startsWith('file:')) {
    const path = ref.slice(5);
    if (existsSync(path)) {
      const mode = statSync(path).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        throw new ReclaimError(
          'CONFIG_INVALID',
          `engine.passwordKey: ${path} is readable by others (mode ${mode.toString(8).padStart(4, '0')}): \`chmod 600 ${path}\``,
        );
      }
    }
  }
  const key = resolveSecret(ref, 'engine.passwordKey', env);
  if (key.reveal().length < minimumKeyLength) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      `engine.passwordKey: the key has ${key.reveal().length} characters, at least ${minimumKeyLength} are needed; ${keyHelp}`,
    );
  }
  return key;
}

/** config check: what is wrong with the key, without revealing it. */
export function passwordKeyProblems(config: ReclaimConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  // Resets (and console accounts) are possible as soon as a directory is configured.
  if (!config.engine.passwordKey && config.directories.length === 0) return [];
  try {
    readPasswordKey(config, env);
    return [];
  } catch (error) {
    return [error instanceof Error ? error.message.replace(/^engine\.passwordKey: /, '') : String(error)];
  }
}

/** Writes a new random key to `file` (mode 0600); refuses to overwrite one. */
export function createPasswordKeyFile(file: string): { file: string; bits: number } {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ReclaimError(
      code === 'EEXIST' ? 'USAGE_INVALID' : 'CONFIG_INVALID',
      code === 'EEXIST'
        ? `${file} exists: a key is never overwritten (every campaign started with it needs it)`
        : `cannot create ${file}: ${(error as Error).message}`,
    );
  }
  try {
    writeSync(fd, `${randomBytes(32).toString('base64url')}\n`);
  } finally {
    closeSync(fd);
  }
  return { file, bits: 256 };
}
