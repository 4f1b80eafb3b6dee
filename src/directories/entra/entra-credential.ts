// Token credentials for one app registration, through @azure/identity 4.13.1 (the last release
// that supports Node 20; graph.md B1).
import type { Agent } from 'node:https';
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
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
  let inner: TokenCredential;
  if (app.certificatePem) inner = new ClientCertificateCredential(tenantId, app.clientId, { certificate: app.certificatePem.reveal() }, common);
  else if (app.clientSecret) inner = new ClientSecretCredential(tenantId, app.clientId, app.clientSecret.reveal(), common);
  else throw new ReclaimError('CONFIG_INVALID', `app ${app.clientId}: give a client secret or a certificate`);
  return {
    async getToken(scopes, tokenOptions) {
      try {
        return await inner.getToken(scopes, tokenOptions);
      } catch (error) {
        // MSAL reports an unreachable or untrusted authority only as "endpoints_resolution_error".
        if (!/endpoints_resolution_error|network_error/.test(String((error as Error)?.message))) throw error;
        throw (await diagnoseAuthority(authorityMetadataUrl(options.authorityHost, tenantId), agent)) ?? error;
      }
    },
  };
}
