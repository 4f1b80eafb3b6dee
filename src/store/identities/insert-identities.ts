// Stores one page of discovered identities (discovery yields pages of about 1000). Multi-row
// INSERTs inside one write transaction per page: fast enough for 1,000,000 identities.
import type { Identity } from '../../core/identity.ts';
import { bulkInsert, type BulkInsertSpec } from '../bulk-insert.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';

// 16 parameters a row: 500 rows stay under SQLite's 32766 and PostgreSQL's 65535 bound parameters.
const rowsPerStatement = 500;

export async function insertIdentities(
  store: Store,
  snapshotId: number,
  identities: readonly Identity[],
): Promise<number> {
  if (identities.length === 0) return 0;
  const rows = identities.map((identity) => identityRow(snapshotId, identity));
  return inWriteTransaction(store, `storing ${rows.length} identities`, async (trx) => {
    for (let i = 0; i < rows.length; i += rowsPerStatement) {
      await bulkInsert(trx, store.dialect, spec, rows.slice(i, i + rowsPerStatement));
    }
    return rows.length;
  });
}

const spec: BulkInsertSpec = {
  table: 'identities',
  columns: [
    'snapshot_id',
    'directory',
    'key',
    'name',
    'dn',
    'kind',
    'account_type',
    'enabled',
    'privileged',
    'department',
    'site',
    'linked_key',
    'linked_directory',
    'link_ambiguous',
    'sid',
    'data',
  ],
};

function identityRow(snapshotId: number, identity: Identity): unknown[] {
  return [
    snapshotId,
    identity.directory,
    identity.key,
    identity.name,
    identity.dn ?? null,
    identity.kind,
    identity.accountType,
    identity.enabled ? 1 : 0,
    identity.privileged.length > 0 ? 1 : 0,
    identity.department ?? null,
    identity.site ?? null,
    identity.linkedTo ? `${identity.linkedTo.directory}:${identity.linkedTo.key}` : null,
    // the AD directory of a synced Entra user tied to one AD object (what planning reads, 0018)
    identity.kind === 'entra' && !identity.linkAmbiguous ? (identity.linkedTo?.directory ?? null) : null,
    identity.kind === 'entra' && identity.linkAmbiguous ? 1 : 0,
    identity.sid ? identity.sid.toUpperCase() : null,
    JSON.stringify(identity),
  ];
}
