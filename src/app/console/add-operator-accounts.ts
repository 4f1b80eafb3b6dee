// `reclaim operator add NAME...`: who may create console accounts. SAFETY: accounts are what the
// two-person rule counts, so creating one is itself guarded: the very first account of a store must
// be an admin (bootstrap, no proof possible yet); every later one needs a proven admin or commander
// (--login or a console token). Otherwise the author of a plan could mint a second "approver".
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { OperatorRole } from '../../store/database.ts';
import { countOperators, findOperatorByUsername } from '../../store/operators/create-operator.ts';
import type { App } from '../create-app.ts';
import { requireActor } from '../operators/operator-identity.ts';
import { addOperatorAccount, checkAccountName } from './add-operator-account.ts';

export async function addOperatorAccounts(
  app: App,
  input: { usernames: string[]; role: OperatorRole; displayName?: string },
): Promise<Array<Awaited<ReturnType<typeof addOperatorAccount>>>> {
  const store = await app.store();
  if ((await countOperators(store)) === 0) {
    if (input.role !== 'admin') {
      throw new ReclaimError(
        'USAGE_INVALID',
        `The first console account of a store must be an admin (--role admin), who then creates the others; not ${input.role}`,
      );
    }
  } else {
    requireActor(app, 'operator.manage', 'creating console accounts');
  }
  // Nothing half-written: every name is checked before the first account is created.
  for (const username of input.usernames) checkAccountName(username);
  const taken = [];
  for (const [i, username] of input.usernames.entries()) {
    if (input.usernames.indexOf(username) !== i || (await findOperatorByUsername(store, username)))
      taken.push(username);
  }
  if (taken.length > 0) {
    throw new ReclaimError(
      'ALREADY_EXISTS',
      `the console account ${taken.map((u) => JSON.stringify(u)).join(', ')} already exists (given twice or in the store): nothing was created`,
    );
  }
  const created = [];
  for (const username of input.usernames) {
    created.push(
      await addOperatorAccount(app, {
        username,
        role: input.role,
        ...(input.displayName ? { displayName: input.displayName } : {}),
      }),
    );
  }
  return created;
}
