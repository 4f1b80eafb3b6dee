// High assurance: remove every registered authentication method except the password, so an
// attacker's own MFA registration cannot be used to recover the account (design.md, segments).
// In the order Graph accepts (https://learn.microsoft.com/en-us/graph/api/phoneauthenticationmethod-delete):
// the alternate mobile before the mobile phone ("a user can't have an alternateMobile number without
// a mobile number"), and the user's default MFA method last (it "can't be deleted" while others
// remain); every call paced by the caller (5 per 10 s, methods-pacer.ts). The methods are read back at the end: anything left makes the action fail
// (METHODS_REMAIN), and a failure part-way leaves the rest for the retry, which lists again and
// goes on: a partial removal is never reported done.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
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

const PASSWORD = '#microsoft.graph.passwordAuthenticationMethod';
const PHONE_ORDER: Record<string, number> = { alternateMobile: 1, office: 2, mobile: 3 };
/** The kinds that can be a default MFA method, deleted after everything else. */
const DEFAULT_CANDIDATES = new Set([
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  '#microsoft.graph.softwareOathAuthenticationMethod',
  '#microsoft.graph.phoneAuthenticationMethod',
]);

interface Method {
  id?: string;
  '@odata.type'?: string;
  phoneType?: string;
}

export interface DeletedMethods {
  deleted: string[];
}

/**
 * Graph's order: kinds that cannot be the default MFA method first, then phones (alternate, office,
 * mobile), then OATH, then the Authenticator, the likeliest default. A default Graph refuses anyway
 * is retried after the others.
 */
export function deletionOrder(methods: readonly Method[]): Method[] {
  const rank = (m: Method): number => {
    const type = m['@odata.type'] ?? '';
    if (!DEFAULT_CANDIDATES.has(type)) return 0;
    if (type === '#microsoft.graph.phoneAuthenticationMethod') return 10 + (PHONE_ORDER[m.phoneType ?? ''] ?? 0);
    return type === '#microsoft.graph.softwareOathAuthenticationMethod' ? 30 : 40;
  };
  return [...methods].sort((a, b) => rank(a) - rank(b));
}

const isDefaultRefusal = (status: number, body: unknown) =>
  status === 400 && /default method/i.test(JSON.stringify(body ?? ''));

export async function deleteAuthMethods(
  graph: GraphApi,
  key: string,
  name: string,
  beforeCall: () => Promise<void>,
  beforeWrite: () => Promise<void>,
): Promise<DeletedMethods> {
  const user = userPath(key);
  const list = async (): Promise<Method[]> => {
    await beforeCall();
    const listing = await graph.read(`${user}/authentication/methods`, `listing the authentication methods of ${name}`);
    return ((listing.value as Method[] | undefined) ?? []).filter((m) => m['@odata.type'] !== PASSWORD && m.id);
  };
  const result: DeletedMethods = { deleted: [] };
  const deferred: Method[] = [];
  const remove = async (method: Method, deferDefault: boolean): Promise<void> => {
    const collection = collections[method['@odata.type'] ?? ''];
    if (!collection) return;
    const what = `deleting a ${collection.replace(/Methods$/, '')} method of ${name}`;
    await beforeCall();
    await beforeWrite();
    let response;
    try {
      response = await graph.call(
        'DELETE',
        `${user}/authentication/${collection}/${encodeURIComponent(method.id ?? '')}`,
      );
    } catch (error) {
      throw translateThrown(error, what, true);
    }
    // the method Graph knows as the default: after the others
    if (deferDefault && isDefaultRefusal(response.status, response.body)) {
      deferred.push(method);
      return;
    }
    // 404: already gone (a retry after an unknown outcome), which is the state we want.
    if (response.status >= 300 && response.status !== 404)
      throw graphFailureError(readGraphFailure(response.status, response.body), what, true);
    result.deleted.push(collection.replace(/Methods$/, ''));
  };
  for (const method of deletionOrder(await list())) await remove(method, true);
  for (const method of deferred) await remove(method, false);
  const left = await list();
  if (left.length > 0) {
    throw new ReclaimError(
      'METHODS_REMAIN',
      `removing the authentication methods of ${name}: ${left.length} remain ` +
        `(${left.map((m) => m['@odata.type']?.replace('#microsoft.graph.', '')).join(', ')})`,
      {
        details: [
          'the removal is incomplete and is not reported done; a method type Reclaim cannot delete must be removed by an administrator',
        ],
      },
    );
  }
  return result;
}
