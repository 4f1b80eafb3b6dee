// Runs the official clients against an emulator in a child process started with
// NODE_EXTRA_CA_CERTS = the lab CA (Node reads it only at process start), and prints one JSON
// document with what happened, for official-clients.lab.test.ts to assert on.
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { BatchResponseContent, Client, PageIterator, type PageCollection } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';

interface ProbeConfig {
  url: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  pemFile: string;
}

const config = JSON.parse(process.argv[2] ?? '{}') as ProbeConfig;
const options = { authorityHost: config.url, disableInstanceDiscovery: true };
const scope = 'https://graph.microsoft.com/.default';

function client(credential: TokenCredential): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [scope] });
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: config.url,
    defaultVersion: 'v1.0',
    customHosts: new Set(['127.0.0.1']),
  });
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function main(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const secretCredential = new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, options);
  out.secretTokenParts = (await secretCredential.getToken(scope)).token.split('.').length;
  const certCredential = new ClientCertificateCredential(
    config.tenantId,
    config.clientId,
    { certificatePath: config.pemFile },
    options,
  );
  out.certTokenParts = (await certCredential.getToken(scope)).token.split('.').length;
  out.wrongSecretError = await new ClientSecretCredential(config.tenantId, config.clientId, 'wrong-secret', options)
    .getToken(scope)
    .then(() => 'no error', errorText);
  const c = client(certCredential);
  const first = (await c.api('/users').select(['id', 'userPrincipalName']).top(9).get()) as PageCollection;
  const ids: string[] = [];
  await new PageIterator(c, first, (u: { id: string }) => {
    ids.push(u.id);
    return true;
  }).iterate();
  out.pagedIds = ids;
  // the test injected one 429 on PATCH: RetryHandler waits Retry-After and sends again
  await c
    .api('/users/cloud.user020@reclaimlab.onmicrosoft.com')
    .patch({ passwordProfile: { forceChangePasswordNextSignIn: true } });
  out.forbidden = await c
    .api('/users/ga.alice@reclaimlab.onmicrosoft.com')
    .patch({ passwordProfile: { forceChangePasswordNextSignIn: true } })
    .then(
      () => null,
      (e: { statusCode?: number; code?: string }) => ({ statusCode: e.statusCode, code: e.code }),
    );
  const raw = await c.api('/$batch').post({
    requests: [
      { id: '1', method: 'GET', url: '/users/cloud.user001@reclaimlab.onmicrosoft.com?$select=id,userPrincipalName' },
      { id: '2', method: 'GET', url: '/users/nobody@lab.example' },
    ],
  });
  const content = new BatchResponseContent(raw);
  const one = content.getResponseById('1');
  out.batch = {
    status1: one.status,
    upn1: ((await one.json()) as { userPrincipalName: string }).userPrincipalName,
    status2: content.getResponseById('2').status,
  };
  return out;
}

main().then(
  (out) => process.stdout.write(`${JSON.stringify(out)}\n`),
  (error: unknown) => {
    process.stdout.write(`${JSON.stringify({ failed: errorText(error) })}\n`);
    process.exitCode = 1;
  },
);
