// Plain-text rendering of a triage decision for a terminal or a ticket: each conclusion followed by
// the indicators that led to it.
import type { Conclusion, TriageDecision } from './decide-triage.ts';
import { plural } from '../plural.ts';

function section(title: string, shown: string, conclusion: Conclusion<unknown>): string[] {
  return [`${title}: ${shown}`, ...conclusion.because.map((r) => `    because ${r.text}`)];
}

export function renderTriage(decision: TriageDecision): string {
  const scope = decision.scope.value;
  const scopeText =
    scope.kind === 'all'
      ? 'every identity in every configured directory'
      : scope.kind === 'accounts'
        ? `${plural(scope.accounts.length, 'account')}: ${scope.accounts.slice(0, 10).join(', ')}${scope.accounts.length > 10 ? ', ...' : ''}`
        : 'nothing';
  const resetText = { mass: 'MASS password reset', targeted: 'TARGETED password reset', none: 'no password reset' }[
    decision.reset.value
  ];
  const lines = [
    `Triage recorded by ${decision.answeredBy} at ${decision.answeredAt}`,
    ...(decision.unanswered.length > 0
      ? [`WARNING: not answered, taken as no: ${decision.unanswered.join(', ')}`]
      : []),
    '',
    ...section('Recommendation', resetText, decision.reset),
    ...section('Scope', scopeText, decision.scope),
    ...section(
      'Assurance level',
      decision.assurance.value === 'high'
        ? 'HIGH (SSPR is not trusted: verified helpdesk and TAP)'
        : 'standard (SSPR may be used)',
      decision.assurance,
    ),
    ...section('krbtgt double reset', decision.krbtgtDoubleReset.value ? 'yes' : 'no', decision.krbtgtDoubleReset),
    ...section('Revoke sessions', decision.revokeSessions.value ? 'yes' : 'no', decision.revokeSessions),
    ...section('Privileged identities first', decision.privilegedFirst.value ? 'yes' : 'no', decision.privilegedFirst),
    ...section(
      'Remove registered authentication methods',
      decision.removeAuthMethods.value ? 'yes' : 'no',
      decision.removeAuthMethods,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
