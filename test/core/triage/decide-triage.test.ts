import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideTriage, type TriageAnswers } from '../../../src/core/triage/decide-triage.ts';
import { renderTriage } from '../../../src/core/triage/render-triage.ts';
import {
  triageIndicatorIds,
  triageQuestions,
  type TriageIndicatorId,
} from '../../../src/core/triage/triage-questions.ts';

const recorded = { answeredBy: 'dana', answeredAt: '2026-11-26T09:00:00.000Z' };

function only(id: TriageIndicatorId | null, accounts: string[] = []): TriageAnswers {
  const indicators: TriageAnswers['indicators'] = {};
  for (const each of triageIndicatorIds) indicators[each] = { answer: each === id };
  return { indicators, knownCompromisedAccounts: accounts };
}

// One row per indicator: what a yes to that indicator alone must conclude.
const table: Array<{
  id: TriageIndicatorId;
  reset: string;
  assurance: string;
  krbtgt: boolean;
  privilegedFirst: boolean;
  removeMethods: boolean;
}> = [
  {
    id: 'adDatabaseExfiltrated',
    reset: 'mass',
    assurance: 'high',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'adDatabaseStaged',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'privilegedIdentitiesCompromised',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'attackerInTheMiddle',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: false,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'identityPlatformCompromised',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'ransomwareViaPrivilegedAccounts',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'privilegedCredentialsInBec',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'privilegedCredentialsInExfiltratedFiles',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'privilegedCredentialsInCode',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  {
    id: 'nationStateOrApt',
    reset: 'mass',
    assurance: 'standard',
    krbtgt: true,
    privilegedFirst: true,
    removeMethods: false,
  },
  { id: 'ssprAbused', reset: 'none', assurance: 'high', krbtgt: false, privilegedFirst: false, removeMethods: false },
];

describe('triage decision', () => {
  it('has one question per indicator, each with text and help', () => {
    assert.deepEqual(
      triageQuestions.map((q) => q.id),
      [...triageIndicatorIds],
    );
    for (const q of triageQuestions) assert.ok(q.question.endsWith('?') && q.help.length > 10);
  });

  for (const row of table) {
    it(`${row.id} alone: ${row.reset} reset, ${row.assurance} assurance, krbtgt ${row.krbtgt ? 'yes' : 'no'}`, () => {
      const d = decideTriage(only(row.id), recorded);
      assert.equal(d.reset.value, row.reset);
      assert.equal(d.assurance.value, row.assurance);
      assert.equal(d.krbtgtDoubleReset.value, row.krbtgt);
      assert.equal(d.privilegedFirst.value, row.privilegedFirst);
      assert.equal(d.removeAuthMethods.value, row.removeMethods);
      assert.equal(d.revokeSessions.value, row.reset !== 'none');
      if (row.reset === 'mass') {
        assert.equal(d.scope.value.kind, 'all');
        assert.ok(
          d.reset.because.some((r) => r.indicator === row.id),
          'the indicator is named in the rationale',
        );
      }
      if (row.assurance === 'high') assert.ok(d.assurance.because.some((r) => r.indicator === row.id));
      if (row.krbtgt) assert.ok(d.krbtgtDoubleReset.because.some((r) => r.indicator === row.id));
    });
  }

  it('no indicator and no account: no reset, standard assurance', () => {
    const d = decideTriage(only(null), recorded);
    assert.equal(d.reset.value, 'none');
    assert.equal(d.scope.value.kind, 'none');
    assert.equal(d.revokeSessions.value, false);
  });

  it('known compromised accounts alone: a targeted reset of exactly those accounts, de-duplicated', () => {
    const d = decideTriage(only(null, ['alice', ' bob ', 'alice', '']), recorded);
    assert.equal(d.reset.value, 'targeted');
    assert.deepEqual(d.scope.value, { kind: 'accounts', accounts: ['alice', 'bob'] });
    assert.equal(d.revokeSessions.value, true);
    assert.equal(d.krbtgtDoubleReset.value, false);
  });

  it('SSPR abused with known accounts: targeted, high assurance, registered methods removed', () => {
    const d = decideTriage(only('ssprAbused', ['carol']), recorded);
    assert.equal(d.reset.value, 'targeted');
    assert.equal(d.assurance.value, 'high');
    assert.equal(d.removeAuthMethods.value, true);
  });

  it('AiTM adds stolen tokens to the reasons for session revocation', () => {
    const d = decideTriage(only('attackerInTheMiddle'), recorded);
    assert.ok(d.revokeSessions.because.some((r) => r.indicator === 'attackerInTheMiddle'));
  });

  it('records who answered, when, and the evidence in the rationale and the rendering', () => {
    const answers = only('adDatabaseExfiltrated', ['alice']);
    answers.indicators.adDatabaseExfiltrated = { answer: true, evidence: 'IR-2291' };
    const d = decideTriage(answers, recorded);
    assert.equal(d.answeredBy, 'dana');
    assert.equal(d.answeredAt, recorded.answeredAt);
    assert.ok(d.reset.because.some((r) => r.text.includes('IR-2291')));
    const text = renderTriage(d);
    assert.match(text, /MASS password reset/);
    assert.match(text, /Assurance level: HIGH/);
    assert.match(text, /IR-2291/);
    assert.deepEqual(JSON.parse(JSON.stringify(d)), d, 'the decision is plain serialisable data');
  });
});
