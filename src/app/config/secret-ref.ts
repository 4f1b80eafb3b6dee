import { readFileSync } from 'node:fs';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { Secret } from '../../core/secret.ts';

// SAFETY: secrets are never written in the config file itself, only references to where they live,
// so the config can be reviewed, committed and pasted into a ticket without leaking anything.
export const secretRefPattern = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$/;

export function resolveSecret(ref: string, where: string, env: NodeJS.ProcessEnv = process.env): Secret {
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    const value = env[name];
    if (value === undefined || value === '') {
      throw new ReclaimError('SECRET_UNAVAILABLE', `${where}: environment variable ${name} is not set`);
    }
    return new Secret(value);
  }
  if (ref.startsWith('file:')) {
    const path = ref.slice(5);
    try {
      return new Secret(readFileSync(path, 'utf8').replace(/\r?\n$/, ''));
    } catch (error) {
      throw new ReclaimError('SECRET_UNAVAILABLE', `${where}: cannot read secret file ${path}`, { cause: error });
    }
  }
  throw new ReclaimError('SECRET_UNAVAILABLE', `${where}: a secret must be env:NAME or file:PATH`);
}
