// One person's whole history in a campaign, for the helpdesk: their actions, the journal of those
// actions, and the audit entries that name them.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function identityHistory(
  store: Store,
  input: { campaignId: string; directory: string; identityKey: string },
) {
  const actions = await storeCall('reading actions', () =>
    store.db
      .selectFrom('actions')
      .select(['id', 'waveId', 'kind', 'state', 'attempts', 'lastErrorCode', 'updatedAt'])
      .where('campaignId', '=', input.campaignId)
      .where('directory', '=', input.directory)
      .where('identityKey', '=', input.identityKey)
      .orderBy('id')
      .execute(),
  );
  const ids = actions.map((a) => a.id);
  const journal =
    ids.length === 0
      ? []
      : await storeCall('reading the journal', () =>
          store.db
            .selectFrom('journalEvents')
            .select(['actionId', 'at', 'fromState', 'toState', 'event'])
            .where('actionId', 'in', ids)
            .orderBy('id')
            .execute(),
        );
  const audit = await storeCall('reading the audit log', () =>
    store.db
      .selectFrom('auditLog')
      .select(['seq', 'at', 'actor', 'action', 'source', 'ip'])
      .where('target', '=', `${input.directory}:${input.identityKey}`)
      .orderBy('seq')
      .execute(),
  );
  return { actions, journal, audit };
}
