// The out-of-band fallback needs the manager's mail address: AD names the manager by DN, Entra by
// object id. This builds the lookup the sender takes from the identities already discovered.
import type { Identity } from '../core/identity.ts';

export function managerMailLookup(identities: Iterable<Identity>): (identity: Identity) => Promise<string | undefined> {
  const byReference = new Map<string, string>();
  for (const person of identities) {
    if (!person.mail) continue;
    byReference.set(`${person.directory}\n${person.key.toLowerCase()}`, person.mail);
    if (person.dn) byReference.set(`${person.directory}\n${person.dn.toLowerCase()}`, person.mail);
  }
  return async (identity) =>
    identity.manager ? byReference.get(`${identity.directory}\n${identity.manager.toLowerCase()}`) : undefined;
}
