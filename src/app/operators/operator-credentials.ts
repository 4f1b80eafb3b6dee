// A console account's credentials: a random initial password (argon2id-hashed) and a new TOTP
// secret (sealed with the password key). The clear values are returned once, to be handed to the
// person out of band; the store gets only the hash and the sealed secret.
import { randomBytes } from 'node:crypto';
import { Secret } from '../../core/secret.ts';
import { hashOperatorPassword } from '../auth/password-hash.ts';
import { sealTotpSecret } from '../auth/totp-secret-box.ts';
import { generateTotpSecret, totpUri } from '../auth/totp.ts';
import type { App } from '../create-app.ts';

export interface FreshCredentials {
  password: Secret;
  totpSecret: Secret;
  enrolmentUri: Secret;
  passwordHash: string;
  totpSecretEncrypted: string;
}

export async function freshCredentials(
  app: App,
  username: string,
  password = new Secret(randomBytes(18).toString('base64url')),
): Promise<FreshCredentials> {
  const totpSecret = generateTotpSecret();
  return {
    password,
    totpSecret: new Secret(totpSecret),
    enrolmentUri: new Secret(totpUri({ issuer: 'Reclaim', account: username, secret: totpSecret })),
    passwordHash: await hashOperatorPassword(password.reveal()),
    totpSecretEncrypted: sealTotpSecret(app.passwordKey(), totpSecret),
  };
}
