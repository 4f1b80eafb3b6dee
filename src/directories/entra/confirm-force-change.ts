// A force-change on a synced user, confirmed: Microsoft's docs do not settle whether Graph applies
// forceChangePasswordNextSignIn to a user mastered on-premises (graph.md, "Correction": an old docs
// issue reports a 204 that changed nothing), so the flag is read back after the write. A flag that
// did not take, or a refusal for an on-premises-mastered or federated user, is CHANGE_DID_NOT_STICK:
// not retryable, and the campaign falls back to an AD admin reset for that person.
import type { ActionSpec } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { userPath } from './action-request.ts';
import type { GraphApi } from './graph-api.ts';
import { graphFailureCode, type GraphFailure } from './translate-graph-error.ts';

export function wantsConfirmation(action: ActionSpec): boolean {
  return action.kind === 'requireChange' && action.params?.confirmForceChange === true;
}

/** A refused force-change that means "not applicable to this user", not "try again". */
export function refusedAsNotStuck(action: ActionSpec, failure: GraphFailure): ReclaimError | undefined {
  if (!wantsConfirmation(action) || failure.status !== 400) return undefined;
  const mastered = graphFailureCode(failure, true) === 'IDENTITY_MASTERED_ON_PREMISES';
  const federated = /federated/i.test(failure.message ?? '');
  if (!mastered && !federated) return undefined;
  return new ReclaimError(
    'CHANGE_DID_NOT_STICK',
    `force change of ${action.identity.name}: Graph refused it (${failure.message ?? failure.code ?? 'HTTP 400'})`,
  );
}

export async function confirmForceChange(graph: GraphApi, action: ActionSpec): Promise<void> {
  const user = await graph.read(
    `${userPath(action.identity.key)}?$select=id,passwordProfile`,
    `reading back the force change of ${action.identity.name}`,
  );
  const profile = user.passwordProfile as
    | { forceChangePasswordNextSignIn?: boolean | null; forceChangePasswordNextSignInWithMfa?: boolean | null }
    | null
    | undefined;
  const wantedMfa = action.params?.withMfa === true;
  const took =
    profile?.forceChangePasswordNextSignIn === true &&
    (!wantedMfa || profile.forceChangePasswordNextSignInWithMfa === true);
  if (!took) {
    throw new ReclaimError(
      'CHANGE_DID_NOT_STICK',
      `force change of ${action.identity.name}: Graph accepted it, but passwordProfile reads back without it`,
      {
        details: [
          'Graph may ignore forceChangePasswordNextSignIn on a user synchronised from AD: the person gets an AD admin reset instead',
        ],
      },
    );
  }
}
