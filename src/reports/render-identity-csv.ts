// One CSV row per planned person (RFC 4180: quoted when needed, CRLF line ends). Cells that a
// spreadsheet would run as a formula are prefixed with an apostrophe: names come from the directory.
import type { ReportIdentityRow } from './report-data.ts';

export const identityCsvColumns = ['directory', 'key', 'name', 'segment', 'treatment', 'wave', 'status', 'appliedAt', 'verifiedAt', 'deadline', 'lastErrorCode'] as const satisfies ReadonlyArray<keyof ReportIdentityRow>;

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // SAFETY: CSV injection: =, +, -, @ (and tab/CR) at the start make Excel evaluate the cell.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderIdentityCsv(rows: readonly ReportIdentityRow[]): string {
  const lines = [identityCsvColumns.join(',')];
  for (const row of rows) lines.push(identityCsvColumns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
