// The demo's own corner of the lab: OU=Demo under OU=Corp with a few dozen people whose passwords
// the demo knows (kept in <labDir>/demo/users.json, mode 0600), so it can play the users. The
// seeded organisation that other lab tests compare with their manifest is never touched.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Client } from 'ldapts';
import { ldapChange } from '../../directories/ad/ldap-change.ts';

export interface DemoUser {
  sam: string;
  dn: string;
  password: string;
  department: string;
}

const departments = ['Finance', 'Sales', 'Engineering', 'Support'];

export const demoPassword = (): string => `Dm!${randomBytes(12).toString('base64url')}7q`;

/** Creates the OU and users when missing; returns the users with their current passwords. */
export async function ensureDemoPopulation(
  admin: Client,
  baseDn: string,
  realm: string,
  usersFile: string,
  count: number,
): Promise<{ ouDn: string; users: DemoUser[] }> {
  const ouDn = `OU=Demo,OU=Corp,${baseDn}`;
  const known: DemoUser[] = existsSync(usersFile) ? (JSON.parse(readFileSync(usersFile, 'utf8')) as DemoUser[]) : [];
  const { searchEntries } = await admin
    .search(ouDn, { scope: 'base', attributes: ['ou'] })
    .catch(() => ({ searchEntries: [] }));
  if (searchEntries.length === 0) {
    await admin.add(ouDn, { objectClass: ['top', 'organizationalUnit'] });
    known.length = 0;
  }
  const users: DemoUser[] = [];
  for (let i = 0; i < count; i++) {
    const sam = `demo-${String(i).padStart(2, '0')}`;
    const dn = `CN=${sam},${ouDn}`;
    const existing = known.find((u) => u.sam === sam);
    if (existing) {
      users.push(existing);
      continue;
    }
    const password = demoPassword();
    const department = departments[i % departments.length]!;
    await admin.add(dn, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: sam,
      userPrincipalName: `${sam}@${realm.toLowerCase()}`,
      displayName: `Demo Person ${i}`,
      department,
      mail: `${sam}@${realm.toLowerCase()}`,
      userAccountControl: '512',
      unicodePwd: Buffer.from(`"${password}"`, 'utf16le') as unknown as string,
    });
    users.push({ sam, dn, password, department });
  }
  saveDemoUsers(usersFile, users);
  return { ouDn, users };
}

export function saveDemoUsers(usersFile: string, users: DemoUser[]): void {
  // SAFETY: lab-only passwords of demo people, readable by the lab owner only.
  writeFileSync(usersFile, `${JSON.stringify(users, null, 2)}\n`, { mode: 0o600 });
}

/** Every demo person starts a new campaign enabled and able to sign in. */
export async function resetDemoPopulation(admin: Client, users: DemoUser[]): Promise<void> {
  for (const u of users)
    await admin.modify(u.dn, [
      ldapChange('replace', 'userAccountControl', '512'),
      ldapChange('replace', 'pwdLastSet', '-1'),
    ]);
}

/** The person changes their own password: LDAP delete-old/add-new on another connection. */
export async function userChangesPassword(admin: Client, user: DemoUser): Promise<void> {
  const next = demoPassword();
  await admin.modify(user.dn, [
    ldapChange('delete', 'unicodePwd', Buffer.from(`"${user.password}"`, 'utf16le')),
    ldapChange('add', 'unicodePwd', Buffer.from(`"${next}"`, 'utf16le')),
  ]);
  user.password = next;
}

/** The helpdesk verifies the person and resets the password (an administrative reset). */
export async function helpdeskResets(admin: Client, user: DemoUser): Promise<void> {
  const next = demoPassword();
  await admin.modify(user.dn, [ldapChange('replace', 'unicodePwd', Buffer.from(`"${next}"`, 'utf16le'))]);
  user.password = next;
}
