import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkTriageAnswersText, parseTriageAnswersFile } from '../../../src/app/triage/parse-triage-answers.ts';
import { isReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import { decideTriage } from '../../../src/core/triage/decide-triage.ts';
import { renderTriage } from '../../../src/core/triage/render-triage.ts';

describe('triage answers file', () => {
  it('reads the example file used by the demo into a mass, high-assurance decision', () => {
    const answers = parseTriageAnswersFile('examples/triage-answers.yaml');
    assert.equal(answers.answeredBy, 'Dana Reyes (incident commander)');
    assert.equal(answers.indicators.adDatabaseExfiltrated?.evidence?.startsWith('IR-2291'), true);
    assert.deepEqual(answers.knownCompromisedAccounts, ['adm-jsmith', 'alice']);
    const d = decideTriage(answers, { answeredBy: answers.answeredBy ?? 'x', answeredAt: '2026-11-26T09:00:00Z' });
    assert.equal(d.reset.value, 'mass');
    assert.equal(d.assurance.value, 'high');
  });

  it('reports every mistake at once with its path and line', () => {
    const text = [
      'indicators:',
      '  adDatabaseExfiltrated: maybe', // 2: not a boolean
      '  ssprAbused: { answer: true, evidence: "" }', // 3: empty evidence
      '  dragonsSeen: true', // 4: unknown question
      'knownCompromisedAccounts: [alice, ""]', // 5: empty name
    ].join('\n');
    const result = checkTriageAnswersText(text);
    assert.equal(result.ok, false);
    if (result.ok) return;
    const byPath = new Map(result.problems.map((p) => [p.path, p]));
    assert.equal(byPath.get('indicators.adDatabaseExfiltrated')?.line, 2);
    assert.match(byPath.get('indicators.adDatabaseExfiltrated')?.message ?? '', /true or false/);
    assert.equal(byPath.get('indicators.ssprAbused')?.line ?? byPath.get('indicators.ssprAbused.evidence')?.line, 3);
    assert.equal(byPath.get('indicators.dragonsSeen')?.line, 4);
    assert.equal(byPath.get('knownCompromisedAccounts.1')?.line, 5);
  });

  it('a question left out is taken as no and listed as unanswered in the decision and its rendering', () => {
    const text = readFileSync('examples/triage-answers.yaml', 'utf8').replace(/^ {2}ssprAbused: false\n/m, '');
    const result = checkTriageAnswersText(text);
    assert.equal(result.ok, true);
    if (!result.ok) return;
    const d = decideTriage(result.answers, { answeredBy: 'x', answeredAt: '2026-11-26T09:00:00Z' });
    assert.deepEqual(d.unanswered, ['ssprAbused']);
    assert.match(renderTriage(d), /WARNING: not answered, taken as no: ssprAbused/);
  });

  it('a missing or unreadable file is INPUT_INVALID naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triage-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'indicators: [\n');
    for (const file of [join(dir, 'absent.yaml'), bad]) {
      assert.throws(
        () => parseTriageAnswersFile(file),
        (e: unknown) => isReclaimError(e) && e.code === 'INPUT_INVALID' && e.message.includes(file),
      );
    }
  });
});
