// krbtgt on several DCs: the key version every DC shows, and the rule that the second reset waits
// until every DC holds the first one's key (msDS-KeyVersionNumber, samba-multi-dc.md §krbtgt): a
// TGT issued under the new key by one DC is refused by a DC that lacks it, and a second reset before
// then leaves such DCs with neither key. With one DC there is nothing to wait for.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { IdentityRef } from '../../core/identity.ts';
import { MultiDcAdDirectory } from '../../directories/ad/multi-dc/multi-dc-ad-directory.ts';
import { waitKeyEverywhere } from '../../directories/ad/multi-dc/wait-key-everywhere.ts';
import type { App } from '../create-app.ts';
import { appliedWrites } from './applied-writes.ts';

export interface DcKeyVersion {
  url: string;
  kvno?: number;
  error?: string;
}

interface KrbtgtAccount {
  directory: string;
  key: string;
  name: string;
}

function multiDc(app: App, directory: string): MultiDcAdDirectory | undefined {
  const d = app.directories().get(directory);
  return d instanceof MultiDcAdDirectory ? d : undefined;
}

/** The krbtgt key version on every DC of the account's directory; undefined when it has one DC. */
export async function keyVersionPerDc(app: App, account: KrbtgtAccount): Promise<DcKeyVersion[] | undefined> {
  const directory = multiDc(app, account.directory);
  if (!directory) return undefined;
  const views = await directory.stampsEverywhere({
    directory: account.directory,
    key: account.key,
    name: account.name,
  });
  return views.map((v) => ({
    url: v.url,
    ...(v.keyVersionNumber === undefined ? {} : { kvno: v.keyVersionNumber }),
    ...(v.error ? { error: v.error } : {}),
  }));
}

/**
 * SAFETY: refuses the second reset (TOO_EARLY) until every DC shows the key version the first
 * reset produced, waiting up to `waitMs` for replication first. `--early` does not lift this.
 */
export async function requireFirstKeyEverywhere(
  app: App,
  campaignId: string,
  accounts: readonly KrbtgtAccount[],
  waitMs: number,
): Promise<void> {
  for (const account of accounts) {
    const directory = multiDc(app, account.directory);
    if (!directory) continue;
    const writes = await appliedWrites(await app.store(), campaignId, {
      directory: account.directory,
      kinds: ['resetKrbtgt'],
    });
    const first = writes.find((w) => w.identityKey === account.key && w.idempotencyKey.endsWith('/step1'));
    const kvno = Number(first?.facts.keyVersionNumberAfter);
    if (!first || !Number.isFinite(kvno) || kvno <= 0) {
      throw new ReclaimError(
        'TOO_EARLY',
        `The second krbtgt reset of ${account.name}: the journal has no key version for the first reset, so it cannot be checked on every DC`,
      );
    }
    const ref: IdentityRef = { directory: account.directory, key: account.key, name: account.name };
    const seen = await waitKeyEverywhere((r) => directory.stampsEverywhere(r), ref, kvno, { timeoutMs: waitMs });
    if (!seen.everywhere) {
      const lacking = seen.dcs
        .filter((d) => d.lagMs === undefined)
        .map(
          (d) =>
            `${d.url} has ${d.kvno === undefined ? `no readable key version (${d.error ?? 'unreadable'})` : `key version ${d.kvno}`}`,
        );
      throw new ReclaimError(
        'TOO_EARLY',
        `The second krbtgt reset of ${account.name} waits until every DC holds the first reset's key ` +
          `(version ${kvno}): ${lacking.join('; ')} after ${Math.round(waitMs / 1000)} s`,
        {
          details: [
            'A TGT issued under the new key is refused by a DC that lacks it; retry once replication ' +
              'has caught up (`reclaim krbtgt status` shows the key version per DC).',
          ],
        },
      );
    }
  }
}
