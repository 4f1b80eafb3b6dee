// A list of known-compromised accounts in a CSV file (an EDR or IdP export, a responder's sheet),
// for the triage answers (`knownCompromisedAccountsFile`) or `reclaim triage --compromised FILE`.
// RFC 4180 quoting. The names come from the column headed account, name, user, username, upn,
// userPrincipalName or sAMAccountName (any case) when the first row has one, otherwise from the
// first column of every row. Every problem is reported with file:line, nothing half-read is used.
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { readInputFile, type InputFileKind } from '../input/read-input-file.ts';

/** 64 MiB: over a million account names; an export larger than that is not a list of accounts. */
const csvFileKind: InputFileKind = {
  what: 'list of compromised accounts',
  maxBytes: 64 * 1024 * 1024,
  code: 'INPUT_INVALID',
};

const nameHeaders = new Set([
  'account',
  'accounts',
  'name',
  'user',
  'username',
  'upn',
  'userprincipalname',
  'samaccountname',
  'identity',
]);

/** Rows of cells with the line each row starts on. */
export function parseCsv(text: string, file: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte-order mark from a spreadsheet
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        cell += c;
        if (c === '\n') line++;
      }
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
      quoteLine = line;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new ReclaimError('INPUT_INVALID', `${file}:${quoteLine}: a quoted value is not closed`);
  endRow();
  return rows;
}

export function readCompromisedCsv(file: string): string[] {
  const rows = parseCsv(readInputFile(file, csvFileKind), file);
  const header = rows[0]?.cells.findIndex((c) => nameHeaders.has(c.trim().toLowerCase())) ?? -1;
  const column = Math.max(header, 0);
  const names = (header >= 0 ? rows.slice(1) : rows).map((r) => (r.cells[column] ?? '').trim()).filter((n) => n !== '');
  if (names.length === 0)
    throw new ReclaimError(
      'INPUT_INVALID',
      `${file}: no account names (expected a column named account, name, upn or samaccountname, or names in the first column)`,
    );
  return names;
}
