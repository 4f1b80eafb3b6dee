// A real client's view of an Entra sign-in: the resource-owner password grant through
// @azure/identity's UsernamePasswordCredential against the emulator's authority, with the AADSTS
// answer translated to the catalog code the Directory contract expects.
import type { Agent } from 'node:https';
import { UsernamePasswordCredential } from '@azure/identity';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';

const aadstsToCode: Array<[RegExp, string]> = [
  [/AADSTS50126/, 'INVALID_CREDENTIALS'],
  [/AADSTS50057/, 'ACCOUNT_DISABLED'],
  [/AADSTS50055|AADSTS50144/, 'PASSWORD_MUST_CHANGE'],
  [/AADSTS50053/, 'ACCOUNT_LOCKED'],
  [/AADSTS50034/, 'INVALID_CREDENTIALS'],
];

export async function entraSignIn(
  options: { tenantId: string; clientId: string; authorityHost: string; agent: Agent },
  upn: string,
  password: string,
): Promise<string> {
  const useAgent: PipelinePolicy = {
    name: 'testAgent',
    sendRequest: (request, next) => {
      request.agent = options.agent;
      return next(request);
    },
  };
  const credential = new UsernamePasswordCredential(options.tenantId, options.clientId, upn, password, {
    authorityHost: options.authorityHost,
    disableInstanceDiscovery: true,
    additionalPolicies: [{ policy: useAgent, position: 'perCall' }],
  });
  try {
    await credential.getToken('https://graph.microsoft.com/.default');
    return 'OK';
  } catch (error) {
    const text = String((error as Error).message);
    for (const [pattern, code] of aadstsToCode) if (pattern.test(text)) return code;
    throw error;
  }
}
