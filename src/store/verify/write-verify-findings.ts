// A page of a verification's findings written as rows (migration 0015), each with its order keys,
// in one transaction: the run's rows grow a page at a time while nobody holds them all.
import { bulkInsert, type BulkInsertSpec } from '../bulk-insert.ts';
import type { Store } from '../open-store.ts';
import { inWriteTransaction } from '../write-transaction.ts';
import { findingOrderKey } from './finding-order-key.ts';

export interface NewVerifyFinding {
  /** numbers the run's findings as they are written (a tie-break only) */
  seq: number;
  kind: 'missed' | 'reset';
  wave: number;
  directory: string;
  key: string;
  name: string;
  /** what `verify` prints for it, stored as JSON */
  finding: object;
}

const spec: BulkInsertSpec = {
  table: 'verify_findings',
  columns: [
    'run_id',
    'seq',
    'kind',
    'wave',
    'directory',
    'identity_key',
    'identity_name',
    'directory_order',
    'name_order',
    'finding',
  ],
};
const rowsPerStatement = 200;

export async function writeVerifyFindings(
  store: Store,
  runId: number,
  findings: readonly NewVerifyFinding[],
): Promise<void> {
  if (findings.length === 0) return;
  const rows = findings.map((f) => [
    runId,
    f.seq,
    f.kind,
    f.wave,
    f.directory,
    f.key,
    f.name,
    findingOrderKey(f.directory),
    findingOrderKey(f.name),
    JSON.stringify(f.finding),
  ]);
  await inWriteTransaction(store, 'recording what the verification found', async (trx) => {
    for (let i = 0; i < rows.length; i += rowsPerStatement)
      await bulkInsert(trx, store.dialect, spec, rows.slice(i, i + rowsPerStatement));
  });
}
