// What every AD action receives: a bound connection to one DC, the target and the clock.
import type { Client } from 'ldapts';
import type { ActionParams } from '../../core/action.ts';
import type { IdentityRef } from '../../core/identity.ts';
import type { ApplyContext } from '../directory-port.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { UacCheck } from './batched-uac-read.ts';
import { firstValue, type LdapValues } from './ldap-values.ts';
import { isKrbtgtName } from './well-known-sids.ts';

export interface AdActionContext {
  client: Client;
  /** the DC this connection talks to */
  url: string;
  ref: IdentityRef;
  params: ActionParams;
  apply: ApplyContext;
  now: () => Date;
  /** the userAccountControl read after a one-write must-change, batched with other writes' */
  uacCheck?: UacCheck;
  /**
   * The action's write was answered and normally only reads on this connection remain (see
   * ApplyContext.onWritten): frees its place at the DC (the pool's maxConcurrency, the engine's
   * write slot) for the next write.
   */
  written?: () => void;
}

/**
 * SAFETY: krbtgt accounts hold the domain's ticket-signing keys. They are changed only through
 * resetKrbtgt, never by a wave's ordinary actions, whatever a plan says.
 */
export function refuseKrbtgt(entry: LdapValues, ref: IdentityRef, kind: string): void {
  const sam = firstValue(entry, 'sAMAccountName') ?? '';
  if (isKrbtgtName(sam)) {
    throw new ReclaimError(
      'IDENTITY_PROTECTED',
      `${ref.name}: ${kind} is refused on a krbtgt account; use resetKrbtgt`,
    );
  }
}
