// Small named settings kept in the store (JSON values), e.g. console preferences shared by every
// instance. Not for secrets: directory credentials come from the environment or files only.
import type { Store } from '../open-store.ts';
import { storeCall } from '../store-error.ts';

export async function readSetting<T>(store: Store, key: string): Promise<T | undefined> {
  const row = await storeCall(`reading setting ${key}`, () =>
    store.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst(),
  );
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function writeSetting(
  store: Store,
  input: { key: string; value: unknown; by: string; now: Date },
): Promise<void> {
  const value = JSON.stringify(input.value);
  const updatedAt = input.now.toISOString();
  await storeCall(`writing setting ${input.key}`, () =>
    store.db
      .insertInto('settings')
      .values({ key: input.key, value, updatedAt, updatedBy: input.by })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt, updatedBy: input.by }))
      .execute(),
  );
}
