// The notices journal as CSV: who was told what (kind, channel, address), when, after how many
// attempts. Same cell rules as the identities CSV.
import { csvCell } from '../core/csv-cell.ts';
import type { ReportData } from './report-data.ts';

export const noticeCsvColumns = [
  'identityKey',
  'kind',
  'channel',
  'recipient',
  'state',
  'attempts',
  'lastErrorCode',
  'sentAt',
] as const;

/** The notices journal: who was told what, when. */
export function renderNoticeCsv(rows: ReportData['noticeLog']): string {
  const lines = [noticeCsvColumns.join(',')];
  for (const row of rows) lines.push(noticeCsvColumns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
