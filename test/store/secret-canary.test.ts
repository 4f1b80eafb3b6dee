// Secrets never reach the store: a generated password handed to the journal or the audit log by
// mistake is stored redacted. A canary value is planted and every table is searched for it.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { Secret } from '../../src/core/secret.ts';
import { claimActions } from '../../src/store/actions/claim-actions.ts';
import { insertActions } from '../../src/store/actions/insert-actions.ts';
import { transitionAction } from '../../src/store/actions/transition-action.ts';
import { appendAudit } from '../../src/store/audit/append-audit.ts';
import { createCampaign } from '../../src/store/campaigns/create-campaign.ts';
import { openStore } from '../../src/store/open-store.ts';

it('a Secret passed in journal details or audit details is stored as [redacted]', async () => {
  const canary = 'Canary-Pw-7f3e9b1c!';
  const store = await openStore('sqlite::memory:');
  try {
    const now = new Date('2026-03-02T08:00:00.000Z');
    await createCampaign(store, { id: 'c1', name: 'c1', now });
    await insertActions(
      store,
      [
        {
          campaignId: 'c1',
          directory: 'd',
          identityKey: 'k',
          identityName: 'n',
          kind: 'resetPassword',
          idempotencyKey: 'c1/k',
        },
      ],
      now,
    );
    const [action] = await claimActions(store, { campaignId: 'c1', owner: 'w', limit: 1, leaseMs: 60_000, now });
    await transitionAction(store, {
      id: action!.id,
      owner: 'w',
      from: 'claimed',
      to: 'applied',
      event: 'apply-ok',
      details: { password: new Secret(canary) },
      now,
    });
    await appendAudit(store, {
      actor: 'helpdesk-1',
      action: 'tap.issue',
      details: { tap: new Secret(canary) },
      source: 'console',
      now,
    });

    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(store.db)
    ).rows.map((r) => r.name);
    let redactions = 0;
    for (const table of tables) {
      const rows = (await sql.raw(`select * from "${table}"`).execute(store.db)).rows;
      const text = JSON.stringify(rows);
      assert.ok(!text.includes(canary), `the canary secret was found in ${table}`);
      redactions += text.split('[redacted]').length - 1;
    }
    assert.equal(redactions, 2, 'both planted secrets were stored redacted');
  } finally {
    await store.close();
  }
});
