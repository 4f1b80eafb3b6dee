// High assurance: remove every registered authentication method except the password, so an
// attacker's own MFA registration cannot be used to recover the account (design.md, segments).
import { userPath } from './action-request.ts';
import type { GraphApi } from './graph-api.ts';
import { graphFailureError, readGraphFailure, translateThrown } from './translate-graph-error.ts';

/** @odata.type of a method -> the collection it is deleted from under /users/{id}/authentication */
const collections: Record<string, string> = {
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2Methods',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticatorMethods',
  '#microsoft.graph.phoneAuthenticationMethod': 'phoneMethods',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOathMethods',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPassMethods',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusinessMethods',
  '#microsoft.graph.emailAuthenticationMethod': 'emailMethods',
  '#microsoft.graph.platformCredentialAuthenticationMethod': 'platformCredentialMethods',
};

export interface DeletedMethods {
  deleted: string[];
  /** methods of a type this connector does not know how to delete, left in place and reported */
  unknown: string[];
}

export async function deleteAuthMethods(graph: GraphApi, key: string, name: string, beforeWrite: () => Promise<void>): Promise<DeletedMethods> {
  const user = userPath(key);
  const listing = await graph.read(`${user}/authentication/methods`, `listing the authentication methods of ${name}`);
  const methods = (listing.value as Array<{ id?: string; '@odata.type'?: string }> | undefined) ?? [];
  const result: DeletedMethods = { deleted: [], unknown: [] };
  for (const method of methods) {
    const type = method['@odata.type'] ?? '';
    if (type === '#microsoft.graph.passwordAuthenticationMethod' || !method.id) continue;
    const collection = collections[type];
    if (!collection) {
      result.unknown.push(type);
      continue;
    }
    const what = `deleting a ${collection.replace(/Methods$/, '')} method of ${name}`;
    await beforeWrite();
    let response;
    try {
      response = await graph.call('DELETE', `${user}/authentication/${collection}/${encodeURIComponent(method.id)}`);
    } catch (error) {
      throw translateThrown(error, what, true);
    }
    // 404: already gone (a retry after an unknown outcome), which is the state we want.
    if (response.status >= 300 && response.status !== 404) throw graphFailureError(readGraphFailure(response.status, response.body), what, true);
    result.deleted.push(collection.replace(/Methods$/, ''));
  }
  return result;
}
