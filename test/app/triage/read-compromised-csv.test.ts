// Known-compromised accounts from a CSV file: a named column or the first one, RFC 4180 quotes,
// and a clear error with file:line for what cannot be read.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseTriageAnswersFile } from '../../../src/app/triage/parse-triage-answers.ts';
import { readCompromisedCsv } from '../../../src/app/triage/read-compromised-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('readCompromisedCsv', () => {
  it('takes the column headed account/upn/samaccountname, whatever its place, quotes and CRLF included', () => {
    const csv = file(
      'edr.csv',
      '\ufeffseverity,UserPrincipalName,host\r\nhigh,alice@corp.example,pc1\r\nlow,"doe, ""jd""@corp.example",pc2\r\n\r\nmid,"multi\nline",pc3\r\n',
    );
    assert.deepEqual(readCompromisedCsv(csv), ['alice@corp.example', 'doe, "jd"@corp.example', 'multi\nline']);
  });
  it("without a known header, every row's first column is a name", () => {
    assert.deepEqual(readCompromisedCsv(file('plain.csv', 'bob,stolen laptop\ncarol\n')), ['bob', 'carol']);
  });
  it('refuses an unclosed quote (with its line), an empty list and a missing file', () => {
    assert.throws(
      () => readCompromisedCsv(file('bad.csv', 'account\nalice\n"bob,\n')),
      (e: Error & { code?: string }) =>
        e.code === 'INPUT_INVALID' && /bad\.csv:3: a quoted value is not closed/.test(e.message),
    );
    assert.throws(() => readCompromisedCsv(file('empty.csv', 'account\n\n')), { code: 'INPUT_INVALID' });
    assert.throws(
      () => readCompromisedCsv(join(dir, 'missing.csv')),
      (e: Error & { code?: string }) => e.code === 'INPUT_INVALID' && /missing\.csv/.test(e.message),
    );
  });
  it('the answers file names the CSV relative to itself, and its names join the list', () => {
    file('list.csv', 'account\nmallory\n');
    const answers = parseTriageAnswersFile(
      file('answers.yaml', 'indicators: {}\nknownCompromisedAccounts: [eve]\nknownCompromisedAccountsFile: list.csv\n'),
    );
    assert.deepEqual(answers.knownCompromisedAccounts, ['eve', 'mallory']);
    assert.equal('knownCompromisedAccountsFile' in answers, false);
  });
});
