// Stores one page of discovered identities (discovery yields pages of about 1000). Multi-row
// INSERTs inside one write transaction per page: fast enough for 1,000,000 identities.
import type { Insertable } from 'kysely';
import type { Identity } from '../../core/identity.ts';
import type { IdentitiesTable } from '../database.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

// 13 parameters a row: 500 rows stay under SQLite's 32766 and PostgreSQL's 65535 bound parameters.
const rowsPerStatement = 500;

export async function insertIdentities(store: Store, snapshotId: number, identities: readonly Identity[]): Promise<number> {
  if (identities.length === 0) return 0;
  const rows = identities.map((identity) => identityRow(snapshotId, identity));
  return inWriteTransaction(store, `storing ${rows.length} identities`, async (trx) => {
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      await trx.insertInto('identities').values(rows.slice(i, i + rowsPerStatement)).execute();
    }
    return rows.length;
  });
}

function identityRow(snapshotId: number, identity: Identity): Insertable<IdentitiesTable> {
  return {
    snapshotId,
    directory: identity.directory,
    key: identity.key,
    name: identity.name,
    dn: identity.dn ?? null,
    kind: identity.kind,
    accountType: identity.accountType,
    enabled: identity.enabled ? 1 : 0,
    privileged: identity.privileged.length > 0 ? 1 : 0,
    department: identity.department ?? null,
    site: identity.site ?? null,
    linkedKey: identity.linkedTo ? `${identity.linkedTo.directory}:${identity.linkedTo.key}` : null,
    data: JSON.stringify(identity),
  };
}
