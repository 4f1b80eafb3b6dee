// The triage questions, as data so the CLI can ask them on a terminal and the console can show
// them as a form. The first ten are the indicators of the method (the seed blog post) that call for
// a mass reset; "SSPR abused" decides the assurance level.
import { ReclaimError } from '../errors/reclaim-error.ts';

export const triageIndicatorIds = [
  'adDatabaseExfiltrated',
  'adDatabaseStaged',
  'privilegedIdentitiesCompromised',
  'attackerInTheMiddle',
  'identityPlatformCompromised',
  'ransomwareViaPrivilegedAccounts',
  'privilegedCredentialsInBec',
  'privilegedCredentialsInExfiltratedFiles',
  'privilegedCredentialsInCode',
  'nationStateOrApt',
  'ssprAbused',
] as const;

export type TriageIndicatorId = (typeof triageIndicatorIds)[number];

export interface TriageQuestion {
  id: TriageIndicatorId;
  question: string;
  help: string;
  /** the words used in a rationale when the answer is yes */
  finding: string;
}

export const triageQuestions: readonly TriageQuestion[] = [
  {
    id: 'adDatabaseExfiltrated',
    question: 'Is there evidence that the AD DS database (ntds.dit) was exfiltrated?',
    help: 'Copies of ntds.dit or a DCSync seen leaving the network: every password hash must be assumed known.',
    finding: 'the AD DS database was exfiltrated',
  },
  {
    id: 'adDatabaseStaged',
    question: 'Is there evidence that the AD DS database was staged for exfiltration?',
    help: 'ntds.dit copies, volume shadow copies or DCSync output found on a host, whether or not they left.',
    finding: 'the AD DS database was staged for exfiltration',
  },
  {
    id: 'privilegedIdentitiesCompromised',
    question:
      'Were credentials of privileged groups compromised (Domain Admins, Enterprise Admins, Administrators, Global Administrator)?',
    help: 'Sign-ins or actions by an attacker with a privileged account.',
    finding: 'privileged identities were compromised',
  },
  {
    id: 'attackerInTheMiddle',
    question:
      'Is there evidence of an attacker-in-the-middle (AiTM) or a malicious proxy that may have gathered credentials?',
    help: 'Phishing proxies, rogue reverse proxies, token theft.',
    finding: 'an attacker-in-the-middle or malicious proxy may have gathered credentials',
  },
  {
    id: 'identityPlatformCompromised',
    question: 'Was an identity platform compromised: Entra Connect, AD FS, RADIUS servers, a third-party IdP?',
    help: 'A compromised authoritative identity platform can read or forge credentials for everyone.',
    finding: 'an identity platform (Entra Connect, AD FS, RADIUS or a third-party IdP) was compromised',
  },
  {
    id: 'ransomwareViaPrivilegedAccounts',
    question: 'Was ransomware deployed through accounts of privileged AD groups?',
    help: 'Deployment by GPO, PsExec or similar with privileged credentials.',
    finding: 'ransomware was deployed through privileged accounts',
  },
  {
    id: 'privilegedCredentialsInBec',
    question: 'Did a business email compromise expose privileged credentials in emails?',
    help: 'Passwords of admin or service accounts found in a mailbox the attacker read.',
    finding: 'privileged credentials were exposed in a business email compromise',
  },
  {
    id: 'privilegedCredentialsInExfiltratedFiles',
    question:
      'Did files exfiltrated from productivity tools (OneDrive, SharePoint, shares) expose privileged credentials?',
    help: 'Password lists, runbooks or scripts containing admin credentials in stolen data.',
    finding: 'privileged credentials were exposed in exfiltrated files',
  },
  {
    id: 'privilegedCredentialsInCode',
    question: 'Were privileged credentials exposed in code or a source control repository?',
    help: 'Secrets committed to a public or compromised repository.',
    finding: 'privileged credentials were exposed in code',
  },
  {
    id: 'nationStateOrApt',
    question: 'Has the attack been attributed to a nation state or an advanced persistent threat (APT)?',
    help: 'Attribution by your responders or a trusted third party.',
    finding: 'the attack is attributed to a nation state or an APT',
  },
  {
    id: 'ssprAbused',
    question: 'Did the attacker abuse self-service password reset (SSPR)?',
    help: 'Resets or method registrations by the attacker: SSPR can then no longer be trusted to prove who a user is.',
    finding: 'the attacker abused self-service password reset',
  },
];

/** The last question: not yes/no but a list of account names (sAMAccountName, UPN or directory:key). */
export const knownCompromisedAccountsQuestion = {
  id: 'knownCompromisedAccounts',
  question: 'Which accounts are known to be compromised? (names, UPNs or directory:key, one per line; empty if none)',
  help: 'These accounts are in scope whatever the decision, and are reset first.',
} as const;

export function triageQuestion(id: TriageIndicatorId): TriageQuestion {
  const found = triageQuestions.find((q) => q.id === id);
  if (!found) throw new ReclaimError('UNEXPECTED', `unknown triage indicator ${id}`);
  return found;
}
