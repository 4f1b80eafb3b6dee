// The names triage listed as known compromised that no discovered identity answers to (by account
// name, UPN or directory:key, any case): a typo, an account in a directory Reclaim was not given, or
// one outside the discovered scope. Reported with the plan, never dropped silently (issue 15).
import type { Identity } from '../identity.ts';

/** The listed names (as given) no identity matches; the list's order is kept. */
export function unmatchedNames(identities: Iterable<Identity>, names: readonly string[]): string[] {
  const left = namesLeft(names);
  for (const i of identities) {
    if (left.done()) break;
    left.see(i);
  }
  return left.unmatched();
}

/** The same, fed one identity at a time (identities read in pages are never all held). */
export function namesLeft(names: readonly string[]): {
  see(identity: Identity): void;
  done(): boolean;
  unmatched(): string[];
} {
  const left = new Map(names.map((n) => [n.trim().toLowerCase(), n]));
  return {
    see(i) {
      if (left.size === 0) return;
      left.delete(i.name.toLowerCase());
      if (i.upn !== undefined) left.delete(i.upn.toLowerCase());
      left.delete(`${i.directory}:${i.key}`.toLowerCase());
    },
    done: () => left.size === 0,
    unmatched: () => [...left.values()],
  };
}
