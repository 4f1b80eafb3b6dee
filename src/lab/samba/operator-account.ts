// Reclaim's own service account, svc-reclaim: a normal user (not a domain admin) with rights
// delegated on the main tree (OU=Corp) only, and the two top OUs it is measured against.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlreadyExistsError, Attribute, Change, type Client } from 'ldapts';
import type { LabPaths, LabSettings } from './lab-settings.ts';
import { sambaTool } from './run-lab-tool.ts';
import { sidToString } from './sid-string.ts';

export const OPERATOR_SAM = 'svc-reclaim';
export const MAIN_TREE_OU = 'Corp';
export const OUT_OF_SCOPE_OU = 'Partner';

export function operatorDn(s: LabSettings): string {
  return `CN=${OPERATOR_SAM},CN=Users,${s.baseDn}`;
}
export function mainTreeDn(s: LabSettings): string {
  return `OU=${MAIN_TREE_OU},${s.baseDn}`;
}
export function outOfScopeTreeDn(s: LabSettings): string {
  return `OU=${OUT_OF_SCOPE_OU},${s.baseDn}`;
}

// Schema GUIDs ([MS-ADA1]/[MS-ADA3], [MS-ADTS] 5.1.3.2.1): the "Reset Password" extended right and
// the attributes Reclaim writes, each limited to objects of class user below the OU (CIIO).
const USER_CLASS = 'bf967aba-0de6-11d0-a285-00aa003049e2';
const RESET_PASSWORD_RIGHT = '00299570-246d-11d0-a768-00aa006e0529';
const ATTRIBUTES = {
  pwdLastSet: 'bf967a0a-0de6-11d0-a285-00aa003049e2',
  userAccountControl: 'bf967a68-0de6-11d0-a285-00aa003049e2',
  lockoutTime: '28630ebf-41d5-11d1-a9c1-0000f80367c1',
};

export function delegationSddl(sid: string): string {
  return [
    `(OA;CIIO;CR;${RESET_PASSWORD_RIGHT};${USER_CLASS};${sid})`,
    ...Object.values(ATTRIBUTES).map((guid) => `(OA;CIIO;RPWP;${guid};${USER_CLASS};${sid})`),
    `(A;CI;RPLCLORC;;;${sid})`, // read everything in the tree
  ].join('');
}

async function addIfMissing(
  client: Client,
  dn: string,
  entry: Record<string, string | string[] | Buffer>,
): Promise<boolean> {
  try {
    await client.add(dn, entry as Record<string, string | string[]>);
    return true;
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
}

/** Idempotent: OUs, the account, lab password policy, and (once per domain) the delegation. */
export async function ensureOperatorAccount(
  client: Client,
  s: LabSettings,
  p: LabPaths,
  operatorPassword: string,
): Promise<void> {
  for (const dn of [mainTreeDn(s), outOfScopeTreeDn(s)]) {
    await addIfMissing(client, dn, { objectClass: ['top', 'organizationalUnit'] });
  }
  await addIfMissing(client, operatorDn(s), {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    sAMAccountName: OPERATOR_SAM,
    userPrincipalName: `${OPERATOR_SAM}@${s.dnsDomain}`,
    description: 'Reclaim service account (lab): delegated reset rights on OU=Corp only',
    userAccountControl: '66048', // normal account, password never expires
    unicodePwd: Buffer.from(`"${operatorPassword}"`, 'utf16le'),
  });
  // Lab policy: users may change their password at once (tests), history and complexity stay on.
  await client.modify(s.baseDn, [
    new Change({ operation: 'replace', modification: new Attribute({ type: 'minPwdAge', values: ['0'] }) }),
  ]);

  const marker = join(p.dcDir, '.operator-delegated');
  if (existsSync(marker)) return;
  const { searchEntries } = await client.search(operatorDn(s), {
    scope: 'base',
    attributes: ['objectSid'],
    explicitBufferAttributes: ['objectSid'],
  });
  const sid = sidToString(searchEntries[0]?.objectSid as Buffer);
  // samba-tool dsacl works locally on the LMDB database while samba runs (multi-process safe).
  sambaTool('delegate rights to svc-reclaim', [
    'dsacl',
    'set',
    '-H',
    join(p.dcDir, 'private', 'sam.ldb'),
    `--objectdn=${mainTreeDn(s)}`,
    `--sddl=${delegationSddl(sid)}`,
  ]);
  writeFileSync(marker, `${sid}\n`);
}
