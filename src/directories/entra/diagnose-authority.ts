// When MSAL cannot resolve the authority's endpoints it says only "endpoints_resolution_error".
// The connector then fetches the authority's metadata itself, through the same agent, to tell an
// admin what is wrong: an untrusted certificate, an unreachable host, or neither.
import { get, type Agent } from 'node:https';
import { transportErrorNames } from './graph-https-handler.ts';

export function authorityMetadataUrl(authorityHost: string | undefined, tenantId: string): string {
  const host = (authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  return `${host}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
}

/** Resolves to an Error named after a transport failure, or undefined when the metadata answers. */
export function diagnoseAuthority(url: string, agent: Agent, timeoutMs = 10_000): Promise<Error | undefined> {
  const host = new URL(url).host;
  return new Promise((resolve) => {
    const req = get(url, { agent, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(undefined);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const tls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code ?? '');
      const named = new Error(
        tls
          ? `the certificate of the sign-in authority ${host} could not be verified (${error.code})`
          : `the sign-in authority ${host} could not be reached (${error.code ?? error.message})`,
        { cause: error },
      );
      named.name = tls ? transportErrorNames.tls : transportErrorNames.notSent;
      resolve(named);
    });
  });
}
