// Token credentials for one app registration, through @azure/identity 4.13.1 (the last release
// that supports Node 20; graph.md B1).
import type { Agent } from 'node:https';
import type { TokenCredential } from '@azure/identity';
import { authorityMetadataUrl, diagnoseAuthority } from './diagnose-authority.ts';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { Secret } from '../../core/secret.ts';

export interface EntraAppCredentials {
  clientId: string;
  /** a client secret, or a PEM holding the certificate and its private key */
  clientSecret?: Secret;
  certificatePem?: Secret;
}

export interface EntraCredentialOptions {
  tenantId: string;
  app: EntraAppCredentials;
  /** e.g. https://login.microsoftonline.us, or the lab emulator; unset = the public cloud */
  authorityHost?: string;
  agent: Agent;
}

export function createEntraCredential(options: EntraCredentialOptions): TokenCredential {
  const agent = options.agent;
  // Route the token requests through our agent, so a configured caFile is trusted here too.
  const useAgent: PipelinePolicy = {
    name: 'reclaimHttpsAgent',
    sendRequest: (request, next) => {
      request.agent = agent;
      return next(request);
    },
  };
  const common = {
    additionalPolicies: [{ policy: useAgent, position: 'perCall' as const }],
    // SAFETY: with a custom authority MSAL would otherwise ask login.microsoftonline.com for
    // "instance discovery" and reach the internet (graph.md B1); a given authority is trusted as is.
    ...(options.authorityHost ? { authorityHost: options.authorityHost, disableInstanceDiscovery: true } : {}),
  };
  const { tenantId, app } = options;
  const { certificatePem, clientSecret } = app;
  type Identity = typeof import('@azure/identity');
  const make: ((identity: Identity) => TokenCredential) | undefined = certificatePem
    ? (identity: Identity) =>
        new identity.ClientCertificateCredential(
          tenantId,
          app.clientId,
          { certificate: certificatePem.reveal() },
          common,
        )
    : clientSecret
      ? (identity: Identity) =>
          new identity.ClientSecretCredential(tenantId, app.clientId, clientSecret.reveal(), common)
      : undefined;
  if (!make) throw new ReclaimError('CONFIG_INVALID', `app ${app.clientId}: give a client secret or a certificate`);
  // @azure/identity is imported with the first token, not with the CLI: it alone costs about half
  // a second of start-up (bench/cli-start.ts), and most commands never talk to Graph.
  let inner: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes, tokenOptions) {
      try {
        inner ??= import('@azure/identity').then(make);
        return await (await inner).getToken(scopes, tokenOptions);
      } catch (error) {
        // MSAL reports an unreachable or untrusted authority only as "endpoints_resolution_error".
        if (!/endpoints_resolution_error|network_error/.test(String((error as Error)?.message))) throw error;
        throw (await diagnoseAuthority(authorityMetadataUrl(options.authorityHost, tenantId), agent)) ?? error;
      }
    },
  };
}
