// Operator passwords are stored as argon2id hashes only (OWASP's recommended parameters).
import argon2 from 'argon2';

const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashOperatorPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

export async function verifyOperatorPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash of a random value, verified against when the username is unknown so both paths take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= argon2.hash(`decoy-${Math.random()}`, options);
  return decoy;
}
