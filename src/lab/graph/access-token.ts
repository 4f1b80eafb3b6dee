// Access tokens the emulator issues (RS256, graph.md C1) and their verification on /v1.0.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { graphError } from './graph-error.ts';
import { graphMessages } from './graph-messages.ts';
import type { Caller, GraphResponse } from './graph-request.ts';
import { decodeJwt, signJwt, verifyJwtSignature } from './jwt.ts';
import { randomGuid, type AppRegistration } from './tenant-state.ts';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const TOKEN_LIFETIME_S = 3599;

// SAFETY/test realism: token times run on real time, not on the movable emulator clock. Clients
// cache tokens by their own clock, so moving the emulator clock forward (to expire a TAP or reach
// a deadline) must not turn every cached token into a 401.

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function issueAccessToken(
  key: SigningKey,
  tenantId: string,
  app: AppRegistration,
  realNowMs: number,
  lifetimeS: number,
  user?: { id: string; upn: string; wids: string[]; scopes: string[] },
): string {
  const iat = Math.floor(realNowMs / 1000);
  const common = {
    aud: GRAPH_AUDIENCE,
    iss: `https://sts.windows.net/${tenantId}/`,
    iat,
    nbf: iat,
    exp: iat + lifetimeS,
    tid: tenantId,
    appid: app.clientId,
    app_displayname: app.name,
    ver: '1.0',
    uti: randomGuid(),
  };
  const claims = user
    ? {
        ...common,
        idtyp: 'user',
        oid: user.id,
        sub: user.id,
        upn: user.upn,
        scp: user.scopes.join(' '),
        wids: user.wids,
      }
    : {
        ...common,
        idtyp: 'app',
        oid: app.servicePrincipalId,
        sub: app.servicePrincipalId,
        roles: app.permissions,
        wids: app.directoryRoles,
      };
  return signJwt({ typ: 'JWT', alg: 'RS256', kid: key.kid }, claims, key.privateKey);
}

/** The JWKS document for /discovery/v2.0/keys. */
export function jwks(key: SigningKey): unknown {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { keys: [{ kty: 'RSA', use: 'sig', kid: key.kid, n: jwk.n, e: jwk.e }] };
}

export function verifyAccessToken(
  authorization: string | undefined,
  key: SigningKey,
  tenantId: string,
  realNowMs: number,
  apps: readonly AppRegistration[],
): Caller | GraphResponse {
  const deny = (message: string) =>
    graphError(401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate': 'Bearer realm="", error="invalid_token"',
    });
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return deny(graphMessages.tokenEmpty);
  const decoded = decodeJwt(match[1]);
  if (!decoded || !verifyJwtSignature(decoded, key.publicKey)) return deny(graphMessages.tokenSignature);
  const c = decoded.payload;
  if (c.aud !== GRAPH_AUDIENCE && c.aud !== GRAPH_APP_ID) return deny(graphMessages.tokenInvalid);
  if (typeof c.exp !== 'number' || c.exp * 1000 <= realNowMs) return deny(graphMessages.tokenExpired);
  if (c.tid !== tenantId) return deny(graphMessages.tokenWrongTenant);
  const app = apps.find((a) => a.clientId === c.appid);
  if (!app) return deny(graphMessages.tokenInvalid);
  const wids = Array.isArray(c.wids) ? c.wids.map(String) : [];
  if (c.idtyp === 'user') {
    return {
      appId: app.clientId,
      appName: app.name,
      tenantId,
      kind: 'user',
      wids,
      userId: String(c.oid),
      permissions: typeof c.scp === 'string' ? c.scp.split(' ').filter(Boolean) : [],
    };
  }
  return {
    appId: app.clientId,
    appName: app.name,
    tenantId,
    kind: 'app',
    wids,
    permissions: Array.isArray(c.roles) ? c.roles.map(String) : [],
  };
}

export function isCaller(value: Caller | GraphResponse): value is Caller {
  return (value as Caller).appId !== undefined;
}

export function publicKeyOfCertificate(certificatePem: string): KeyObject {
  return createPublicKey(certificatePem);
}
