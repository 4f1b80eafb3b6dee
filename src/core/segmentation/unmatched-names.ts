// The names triage listed as known compromised that no discovered identity answers to (by account
// name, UPN or directory:key, any case): a typo, an account in a directory Reclaim was not given, or
// one outside the discovered scope. Reported with the plan, never dropped silently (issue 15).
import type { Identity } from '../identity.ts';

/** The listed names (as given) no identity matches; the list's order is kept. */
export function unmatchedNames(identities: Iterable<Identity>, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const left = new Map(names.map((n) => [n.trim().toLowerCase(), n]));
  for (const i of identities) {
    left.delete(i.name.toLowerCase());
    if (i.upn !== undefined) left.delete(i.upn.toLowerCase());
    left.delete(`${i.directory}:${i.key}`.toLowerCase());
    if (left.size === 0) break;
  }
  return [...left.values()];
}
