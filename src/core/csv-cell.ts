// One CSV cell (RFC 4180: quoted when it holds a comma, quote or line break), for the plan export
// and the reports. Null and undefined are empty.
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  // SAFETY: CSV injection: names come from the directory, and a cell starting with =, +, -, @ (or
  // tab/CR) is run as a formula by the reviewer's spreadsheet (=HYPERLINK(...)), so it gets an
  // apostrophe in front.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
