// Compact JWS with node:crypto: RS256 (PKCS#1 v1.5) and PS256 (RSA-PSS, SHA-256). The emulator
// signs its access tokens with RS256 and verifies client assertions in either algorithm, as
// msal-node 5 (inside @azure/identity 4.13.1) sends PS256 (graph.md B1).
import { constants, createHash, createPrivateKey, createPublicKey, sign, verify, KeyObject } from 'node:crypto';

type KeyLike = KeyObject | string;

export type JwtAlgorithm = 'RS256' | 'PS256';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function keyFor(alg: JwtAlgorithm, key: KeyObject, saltLength: number) {
  return alg === 'PS256'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }
    : { key, padding: constants.RSA_PKCS1_PADDING, saltLength };
}

export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyLike,
): string {
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') throw new Error(`unsupported JWT algorithm ${String(alg)}`);
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign(
    'sha256',
    Buffer.from(signingInput),
    keyFor(
      alg,
      privateKey instanceof KeyObject ? privateKey : createPrivateKey(privateKey),
      constants.RSA_PSS_SALTLEN_DIGEST,
    ),
  );
  return `${signingInput}.${base64url(signature)}`;
}

/** Splits and parses a JWT without checking it; undefined when it is not a well-formed JWS. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null)
      return undefined;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

export function verifyJwtSignature(decoded: DecodedJwt, publicKey: KeyLike): boolean {
  const alg = decoded.header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') return false;
  try {
    return verify(
      'sha256',
      Buffer.from(decoded.signingInput),
      keyFor(
        alg,
        publicKey instanceof KeyObject ? publicKey : createPublicKey(publicKey),
        constants.RSA_PSS_SALTLEN_AUTO,
      ),
      decoded.signature,
    );
  } catch {
    return false;
  }
}

/** x5t#S256 / x5t thumbprints of a PEM certificate (base64url of the DER digest). */
export function certificateThumbprints(certificatePem: string): { x5tS256: string; x5t: string } {
  const der = Buffer.from(certificatePem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return {
    x5tS256: base64url(createHash('sha256').update(der).digest()),
    x5t: base64url(createHash('sha1').update(der).digest()),
  };
}
