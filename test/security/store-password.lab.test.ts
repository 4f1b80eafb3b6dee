// store.password on the real lab PostgreSQL: a store configured with a password reference (full of
// characters that mean something in a URL) opens, migrates and reads back what it wrote, and the
// URL it shows carries no password. The lab cluster trusts loopback and never asks for the
// password, so that the password is actually sent is proved by store-password.test.ts (a stand-in
// server asking for it in clear); this file proves the way it is passed keeps the connection whole.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createApp } from '../../src/app/create-app.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { freshPostgresDatabases } from '../support/fresh-postgres-database.ts';

const freshDatabase = freshPostgresDatabases('store_password');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-store-password-lab-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a PostgreSQL store with store.password opens, migrates and works; its shown URL has no password', async () => {
  const url = await freshDatabase();
  const password = 'Lab:p@ss/w%41rd?#&=';
  const file = join(dir, 'reclaim.yaml');
  writeFileSync(
    file,
    [
      `store: { url: "${url}", password: "env:RECLAIM_TEST_PG_PASSWORD" }`,
      'directories:',
      '  - { id: cloud, kind: entra, tenantId: t, clientId: c, clientSecret: "env:UNUSED" }',
    ].join('\n'),
  );
  const app = createApp({ configFile: file, env: { RECLAIM_TEST_PG_PASSWORD: password } });
  try {
    const store = await app.store();
    assert.equal(store.dialect, 'postgres');
    assert.equal(store.url, url);
    assert.ok(store.migrationsApplied.length > 0, 'the fresh database was migrated');
    await createCampaign(store, { id: 'c1', name: 'password by reference', now: new Date('2026-03-02T08:00:00.000Z') });
    const row = await store.db
      .selectFrom('campaigns')
      .select(['id', 'name'])
      .where('id', '=', 'c1')
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { id: 'c1', name: 'password by reference' });
    assert.ok(!store.url.includes('p@ss') && !store.url.includes(encodeURIComponent(password)));
  } finally {
    await app.close();
  }
});
