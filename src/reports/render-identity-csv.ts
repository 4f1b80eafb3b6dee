// One CSV row per planned person (RFC 4180: quoted when needed, CRLF line ends). Cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe (src/core/csv-cell.ts).
import { csvCell } from '../core/csv-cell.ts';
import type { ReportIdentityRow } from './report-data.ts';

export const identityCsvColumns = [
  'directory',
  'key',
  'name',
  'segment',
  'treatment',
  'wave',
  'status',
  'appliedAt',
  'verifiedAt',
  'deadline',
  'lastErrorCode',
] as const satisfies ReadonlyArray<keyof ReportIdentityRow>;

export function renderIdentityCsv(rows: readonly ReportIdentityRow[]): string {
  const lines = [identityCsvColumns.join(',')];
  for (const row of rows) lines.push(identityCsvColumns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
