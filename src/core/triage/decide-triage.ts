// From the incident's indicators to a recorded decision: mass or targeted reset, scope, assurance
// level, krbtgt double reset, session revocation, privileged-first ordering. Every conclusion
// carries the indicators that led to it, in plain words, so the incident commander can check it.
import { triageQuestion, triageIndicatorIds, type TriageIndicatorId } from './triage-questions.ts';
import { plural } from '../plural.ts';

export interface IndicatorAnswer {
  answer: boolean;
  /** what the answer rests on: a ticket, a log line, a responder's name */
  evidence?: string;
}

export interface TriageAnswers {
  indicators: Partial<Record<TriageIndicatorId, IndicatorAnswer>>;
  /** names, UPNs or directory:key references */
  knownCompromisedAccounts: string[];
}

export interface Reason {
  /** an indicator id, 'knownCompromisedAccounts' or 'none' */
  indicator: string;
  text: string;
}

export interface Conclusion<T> {
  value: T;
  because: Reason[];
}

export type ResetKind = 'mass' | 'targeted' | 'none';
export type AssuranceLevel = 'standard' | 'high';

export interface TriageScope {
  /** all: every identity of every configured directory; accounts: only the listed ones */
  kind: 'all' | 'accounts' | 'none';
  accounts: string[];
}

export interface TriageDecision {
  answeredBy: string;
  answeredAt: string;
  answers: TriageAnswers;
  reset: Conclusion<ResetKind>;
  scope: Conclusion<TriageScope>;
  assurance: Conclusion<AssuranceLevel>;
  krbtgtDoubleReset: Conclusion<boolean>;
  revokeSessions: Conclusion<boolean>;
  privilegedFirst: Conclusion<boolean>;
  /** high assurance after SSPR abuse: remove registered methods the attacker may have added */
  removeAuthMethods: Conclusion<boolean>;
  /** questions left unanswered: taken as "no", and shown as such so nobody mistakes them for a decision */
  unanswered: TriageIndicatorId[];
}

/** The seed's indicators: any one of them calls for a mass reset. */
const massTriggers: readonly TriageIndicatorId[] = triageIndicatorIds.filter((id) => id !== 'ssprAbused');

/** SSPR cannot prove who a user is once it was abused, or once every hash left the building. */
const highAssuranceTriggers: readonly TriageIndicatorId[] = ['ssprAbused', 'adDatabaseExfiltrated'];

/**
 * Whoever holds the domain database or domain-admin rights can forge Kerberos tickets with the
 * krbtgt key (a golden ticket) that outlive every user password change.
 */
const krbtgtTriggers: readonly TriageIndicatorId[] = [
  'adDatabaseExfiltrated',
  'adDatabaseStaged',
  'privilegedIdentitiesCompromised',
  'identityPlatformCompromised',
  'ransomwareViaPrivilegedAccounts',
  'privilegedCredentialsInBec',
  'privilegedCredentialsInExfiltratedFiles',
  'privilegedCredentialsInCode',
  'nationStateOrApt',
];

const privilegedTriggers: readonly TriageIndicatorId[] = [
  'privilegedIdentitiesCompromised',
  'ransomwareViaPrivilegedAccounts',
  'privilegedCredentialsInBec',
  'privilegedCredentialsInExfiltratedFiles',
  'privilegedCredentialsInCode',
];

function yes(answers: TriageAnswers, id: TriageIndicatorId): boolean {
  return answers.indicators[id]?.answer === true;
}

function reasonsFor(answers: TriageAnswers, ids: readonly TriageIndicatorId[]): Reason[] {
  return ids
    .filter((id) => yes(answers, id))
    .map((id) => {
      const evidence = answers.indicators[id]?.evidence;
      return { indicator: id, text: `${triageQuestion(id).finding}${evidence ? ` (evidence: ${evidence})` : ''}` };
    });
}

export function decideTriage(
  answers: TriageAnswers,
  recorded: { answeredBy: string; answeredAt: string },
): TriageDecision {
  const accounts = [...new Set(answers.knownCompromisedAccounts.map((a) => a.trim()).filter((a) => a.length > 0))];
  const massReasons = reasonsFor(answers, massTriggers);
  const accountsReason: Reason[] =
    accounts.length > 0
      ? [
          {
            indicator: 'knownCompromisedAccounts',
            text: `${plural(accounts.length, 'account is', 'accounts are')} known to be compromised`,
          },
        ]
      : [];
  const ssprReasons = reasonsFor(answers, ['ssprAbused']);

  let reset: Conclusion<ResetKind>;
  let scope: Conclusion<TriageScope>;
  if (massReasons.length > 0) {
    reset = { value: 'mass', because: massReasons };
    scope = {
      value: { kind: 'all', accounts },
      because: [...massReasons, ...accountsReason],
    };
  } else if (accounts.length > 0) {
    reset = {
      value: 'targeted',
      because: [...accountsReason, { indicator: 'none', text: 'no indicator calls for a mass reset' }, ...ssprReasons],
    };
    scope = {
      value: { kind: 'accounts', accounts },
      because: [
        { indicator: 'knownCompromisedAccounts', text: 'only the accounts known to be compromised are in scope' },
      ],
    };
  } else {
    const because: Reason[] = [
      { indicator: 'none', text: 'no indicator calls for a reset and no account is known to be compromised' },
    ];
    if (ssprReasons.length > 0)
      because.push({
        indicator: 'ssprAbused',
        text: 'SSPR was abused: list the accounts it was used on, they need a targeted reset',
      });
    reset = { value: 'none', because };
    scope = { value: { kind: 'none', accounts: [] }, because };
  }
  const resetting = reset.value !== 'none';

  const highReasons = reasonsFor(answers, highAssuranceTriggers);
  const assurance: Conclusion<AssuranceLevel> =
    highReasons.length > 0
      ? {
          value: 'high',
          because: highReasons.map((r) => ({ ...r, text: `SSPR cannot be trusted to prove who a user is: ${r.text}` })),
        }
      : {
          value: 'standard',
          because: [
            { indicator: 'none', text: 'SSPR was not abused and the AD database did not leave: SSPR may be used' },
          ],
        };

  const krbtgtReasons = reasonsFor(answers, krbtgtTriggers);
  const krbtgtDoubleReset: Conclusion<boolean> =
    krbtgtReasons.length > 0
      ? {
          value: true,
          because: krbtgtReasons.map((r) => ({
            ...r,
            text: `the krbtgt key may be known (golden tickets): ${r.text}`,
          })),
        }
      : {
          value: false,
          because: [
            {
              indicator: 'none',
              text: 'no indicator suggests the domain database or domain-admin rights were reached',
            },
          ],
        };

  const revokeSessions: Conclusion<boolean> = resetting
    ? {
        value: true,
        because: [
          {
            indicator: reset.value === 'mass' ? 'mass' : 'knownCompromisedAccounts',
            text: 'a password change does not end sign-in sessions and refresh tokens an attacker already holds',
          },
          ...reasonsFor(answers, ['attackerInTheMiddle']).map((r) => ({
            ...r,
            text: `stolen session tokens are likely: ${r.text}`,
          })),
        ],
      }
    : { value: false, because: [{ indicator: 'none', text: 'no reset, so no session to end' }] };

  const privReasons = reasonsFor(answers, privilegedTriggers);
  const privilegedFirst: Conclusion<boolean> =
    reset.value === 'mass'
      ? {
          value: true,
          because: [
            {
              indicator: 'mass',
              text: 'in a mass reset the attacker’s most powerful access is removed first, and the admins running the campaign work with fresh credentials',
            },
            ...privReasons,
          ],
        }
      : privReasons.length > 0
        ? { value: true, because: privReasons }
        : { value: false, because: [{ indicator: 'none', text: 'no privileged identity is implicated' }] };

  const removeAuthMethods: Conclusion<boolean> =
    resetting && yes(answers, 'ssprAbused')
      ? {
          value: true,
          because: ssprReasons.map((r) => ({
            ...r,
            text: `authentication methods may have been registered by the attacker: ${r.text}`,
          })),
        }
      : {
          value: false,
          because: [{ indicator: 'none', text: 'no sign that the attacker registered authentication methods' }],
        };

  return {
    answeredBy: recorded.answeredBy,
    answeredAt: recorded.answeredAt,
    answers: { indicators: answers.indicators, knownCompromisedAccounts: accounts },
    reset,
    scope,
    assurance,
    krbtgtDoubleReset,
    revokeSessions,
    privilegedFirst,
    removeAuthMethods,
    unanswered: triageIndicatorIds.filter((id) => answers.indicators[id] === undefined),
  };
}
