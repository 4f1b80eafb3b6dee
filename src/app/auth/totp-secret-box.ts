// SAFETY: TOTP secrets are stored encrypted (AES-256-GCM) under a key derived from the configured
// engine.passwordKey, so a copy of the store alone does not yield operators' second factors.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Secret } from '../../core/secret.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';

function boxKey(master: Secret): Buffer {
  return Buffer.from(hkdfSync('sha256', master.reveal(), 'reclaim-console', 'totp-secret-box-v1', 32));
}

export function sealTotpSecret(master: Secret, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', boxKey(master), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
    '.',
  );
}

export function openTotpSecret(master: Secret, sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  try {
    if (version !== 'v1' || !iv || !body || !tag) throw new Error('unknown format');
    const decipher = createDecipheriv('aes-256-gcm', boxKey(master), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new ReclaimError(
      'CONFIG_INVALID',
      'An operator TOTP secret cannot be decrypted: engine.passwordKey differs from the one it was enrolled with',
      { cause: error },
    );
  }
}
