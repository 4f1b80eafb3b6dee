// The seed's alternative method: a Fine-Grained Password Policy with a short maximum age, linked to
// a group, so members must change at their next logon after the age passes. One PSO per maximum
// age (`Reclaim-max-age-<N>d`), linked to any number of groups; its other settings copy the domain
// policy so only the age changes. Needs the rights of a domain admin (the PSO container is in CN=System).
import {
  AlreadyExistsError,
  NoSuchAttributeError,
  NoSuchObjectError,
  TypeOrValueExistsError,
  type Client,
} from 'ldapts';
import type { Applied } from '../../core/action.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { secondsToInterval } from './filetime.ts';
import { ldapChange } from './ldap-change.ts';
import { domainPolicyAttributes, domainPolicyFromEntry, type PasswordPolicy } from './password-policy.ts';
import type { AdActionContext } from './ad-action-context.ts';
import { readExistingEntry } from './read-credential-state.ts';

export function psoContainerDn(domainDn: string): string {
  return `CN=Password Settings Container,CN=System,${domainDn}`;
}

export function reclaimPsoName(maxAgeDays: number): string {
  return `Reclaim-max-age-${maxAgeDays}d`;
}

export async function readDomainDn(client: Client): Promise<string> {
  const { searchEntries } = await client.search('', { scope: 'base', attributes: ['defaultNamingContext'] });
  const dn = searchEntries[0]?.defaultNamingContext;
  if (typeof dn !== 'string')
    throw new ReclaimError('DIRECTORY_UNAVAILABLE', 'the DC did not name its domain (rootDSE defaultNamingContext)');
  return dn;
}

export async function readDomainPolicy(client: Client, domainDn: string): Promise<PasswordPolicy> {
  const { searchEntries } = await client.search(domainDn, { scope: 'base', attributes: domainPolicyAttributes });
  return domainPolicyFromEntry(domainDn, searchEntries[0] ?? {});
}

export function psoEntry(
  policy: PasswordPolicy,
  maxAgeDays: number,
  precedence: number,
  groupDn: string,
): Record<string, string | string[]> {
  return {
    objectClass: ['top', 'msDS-PasswordSettings'],
    'msDS-PasswordSettingsPrecedence': String(precedence),
    'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
    'msDS-PasswordHistoryLength': String(policy.historyLength),
    'msDS-PasswordComplexityEnabled': policy.complexity ? 'TRUE' : 'FALSE',
    'msDS-MinimumPasswordLength': String(policy.minLength),
    // users must be able to change at once when the short age expires their password
    'msDS-MinimumPasswordAge': '0',
    'msDS-MaximumPasswordAge': secondsToInterval(maxAgeDays * 86400),
    'msDS-LockoutThreshold': String(policy.lockoutThreshold),
    'msDS-LockoutObservationWindow': secondsToInterval(1800),
    'msDS-LockoutDuration': secondsToInterval(1800),
    'msDS-PSOAppliesTo': groupDn,
    description: `Reclaim: maximum password age ${maxAgeDays} days (mass reset, alternative method)`,
  };
}

/**
 * Links the PSO to params.groupDn when a plan names a group, otherwise to the identity itself
 * (msDS-PSOAppliesTo takes users as well as global groups): a wave's people each get it, by DN
 * read from their GUID, so a plan never needs to carry DNs.
 */
async function targetDn(ctx: AdActionContext): Promise<string> {
  if (ctx.params.groupDn) return ctx.params.groupDn;
  if (ctx.ref.dn) return ctx.ref.dn;
  return (await readExistingEntry(ctx.client, ctx.ref, ['distinguishedName'])).dn;
}

export async function linkPasswordPolicy(ctx: AdActionContext): Promise<Applied> {
  const maxAgeDays = ctx.params.maxAgeDays;
  if (maxAgeDays === undefined || !(maxAgeDays > 0)) {
    throw new ReclaimError(
      'CONSTRAINT_VIOLATION',
      `${ctx.ref.name}: linkPasswordPolicy needs a positive params.maxAgeDays`,
    );
  }
  const groupDn = await targetDn(ctx);
  const domainDn = await readDomainDn(ctx.client);
  const psoDn = `CN=${reclaimPsoName(maxAgeDays)},${psoContainerDn(domainDn)}`;
  let created = false;
  try {
    const policy = await readDomainPolicy(ctx.client, domainDn);
    await ctx.client.add(psoDn, psoEntry(policy, maxAgeDays, 1, groupDn));
    created = true;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
  let linked = created;
  if (!created) {
    try {
      await ctx.client.modify(psoDn, [ldapChange('add', 'msDS-PSOAppliesTo', groupDn)]);
      linked = true;
    } catch (error) {
      if (!(error instanceof TypeOrValueExistsError)) throw error; // already linked: retry-safe
    }
  }
  return { at: ctx.now().toISOString(), facts: { psoDn, created, linked, maxAgeDays } };
}

/**
 * The campaign's end for one identity: its link to Reclaim's PSO is removed (a changed password
 * must not keep expiring every few days), and a PSO left linked to nothing is deleted. Retry-safe:
 * a link already gone, or a PSO already deleted, is the state wanted.
 */
export async function unlinkPasswordPolicy(ctx: AdActionContext): Promise<Applied> {
  const maxAgeDays = ctx.params.maxAgeDays;
  if (maxAgeDays === undefined || !(maxAgeDays > 0)) {
    throw new ReclaimError(
      'CONSTRAINT_VIOLATION',
      `${ctx.ref.name}: unlinkPasswordPolicy needs the params.maxAgeDays it was linked with`,
    );
  }
  const target = await targetDn(ctx);
  const domainDn = await readDomainDn(ctx.client);
  const psoDn = `CN=${reclaimPsoName(maxAgeDays)},${psoContainerDn(domainDn)}`;
  let unlinked = false;
  let deleted = false;
  try {
    await ctx.client.modify(psoDn, [ldapChange('delete', 'msDS-PSOAppliesTo', target)]);
    unlinked = true;
  } catch (error) {
    if (!(error instanceof NoSuchAttributeError) && !(error instanceof NoSuchObjectError)) throw error;
  }
  try {
    const { searchEntries } = await ctx.client.search(psoDn, { scope: 'base', attributes: ['msDS-PSOAppliesTo'] });
    const remaining = searchEntries[0]?.['msDS-PSOAppliesTo'];
    if (remaining === undefined || (Array.isArray(remaining) && remaining.length === 0)) {
      await ctx.client.del(psoDn);
      deleted = true;
    }
  } catch (error) {
    if (!(error instanceof NoSuchObjectError)) throw error;
  }
  return { at: ctx.now().toISOString(), facts: { psoDn, unlinked, deleted } };
}
