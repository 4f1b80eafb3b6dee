// The helpdesk's people search: identities of the given snapshots whose account name starts with
// what the agent typed, case-insensitively, `%` and `_` taken literally.
import { sql } from 'kysely';
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export interface FoundIdentity {
  directory: string;
  key: string;
  name: string;
  /** the person's display name from the directory, when it has one */
  displayName: string | null;
  enabled: boolean;
  privileged: boolean;
  department: string | null;
}

/** `prefix` as a LIKE pattern: its `\`, `%` and `_` escaped with `\`, then `%`. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function searchIdentities(
  store: Store,
  input: { snapshotIds: number[]; prefix: string; limit: number },
): Promise<FoundIdentity[]> {
  if (input.snapshotIds.length === 0) return [];
  // SQLite has no default LIKE escape character and PostgreSQL's default is `\`, so ESCAPE is
  // always spelled out. SQLite's LIKE ignores case (ASCII letters); PostgreSQL's does not, so it
  // gets ILIKE (case folding from the database's locale).
  // https://www.sqlite.org/lang_expr.html#like https://www.postgresql.org/docs/current/functions-matching.html#FUNCTIONS-LIKE
  const operator = store.dialect === 'postgres' ? sql`ilike` : sql`like`;
  const rows = await storeCall('searching identities', () =>
    store.reader
      .selectFrom('identities')
      .select(['directory', 'key', 'name', 'enabled', 'privileged', 'department', 'data'])
      .where('snapshotId', 'in', input.snapshotIds)
      .where(sql<boolean>`name ${operator} ${likePrefix(input.prefix)} escape '\\'`)
      .orderBy('name')
      .limit(input.limit)
      .execute(),
  );
  return rows.map((r) => ({
    directory: r.directory,
    key: r.key,
    name: r.name,
    displayName: displayNameOf(r.data),
    enabled: Number(r.enabled) === 1,
    privileged: Number(r.privileged) === 1,
    department: r.department ?? null,
  }));
}

function displayNameOf(data: string): string | null {
  try {
    const value = (JSON.parse(data) as { displayName?: unknown }).displayName;
    return typeof value === 'string' && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}
