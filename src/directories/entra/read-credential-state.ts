// Ground truth of one Entra identity's credential (graph.md A1): lastPasswordChangeDateTime and
// passwordProfile are returned only on $select.
import type { CredentialState } from '../../core/action.ts';
import type { IdentityRef } from '../../core/identity.ts';
import { userPath } from './action-request.ts';
import type { GraphApi } from './graph-api.ts';
import { mustChangePassword, passwordNeverExpires, type GraphUser } from './map-entra-user.ts';
import { graphFailureError, readGraphFailure, translateThrown } from './translate-graph-error.ts';

const stateSelect =
  'id,accountEnabled,passwordProfile,lastPasswordChangeDateTime,passwordPolicies,signInSessionsValidFromDateTime';

export async function readEntraCredentialState(
  graph: GraphApi,
  ref: IdentityRef,
): Promise<CredentialState & { sessionsValidFrom?: string | null }> {
  const what = `reading the credential state of ${ref.name}`;
  let response;
  try {
    response = await graph.call('GET', `${userPath(ref.key)}?$select=${stateSelect}`);
  } catch (error) {
    throw translateThrown(error, what, false);
  }
  if (response.status === 404) {
    return {
      exists: false,
      enabled: false,
      mustChangePassword: false,
      passwordLastSetAt: null,
      readFrom: graph.baseUrl,
    };
  }
  if (response.status >= 300) throw graphFailureError(readGraphFailure(response.status, response.body), what, false);
  const user = response.body as GraphUser;
  return {
    exists: true,
    enabled: user.accountEnabled !== false,
    mustChangePassword: mustChangePassword(user),
    passwordLastSetAt: user.lastPasswordChangeDateTime ?? null,
    passwordNeverExpires: passwordNeverExpires(user),
    sessionsValidFrom: user.signInSessionsValidFromDateTime ?? null,
    readFrom: graph.baseUrl,
  };
}
