// A new discovery snapshot of one directory for a campaign, holding exactly the identities given:
// what the helpdesk and the apply guard look a target up in (the latest finished snapshot wins).
import type { Identity } from '../../../src/core/identity.ts';
import type { Store } from '../../../src/store/open-store.ts';
import { finishSnapshot } from '../../../src/store/identities/finish-snapshot.ts';
import { insertIdentities } from '../../../src/store/identities/insert-identities.ts';
import { startSnapshot } from '../../../src/store/identities/start-snapshot.ts';

export async function discovered(
  store: Store,
  input: { campaignId: string; directory: string; identities: Identity[]; now: Date },
): Promise<void> {
  const snapshotId = await startSnapshot(store, {
    directory: input.directory,
    campaignId: input.campaignId,
    now: input.now,
  });
  await insertIdentities(
    store,
    snapshotId,
    input.identities.map((i) => ({ ...i, directory: input.directory })),
  );
  await finishSnapshot(store, { snapshotId, now: input.now });
}
