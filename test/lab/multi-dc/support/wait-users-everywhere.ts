// Users created on the first DC reach the others by replication; a wave routes some of them there,
// so a test waits until every DC has all of them (otherwise: IDENTITY_NOT_FOUND).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Client } from 'ldapts';
import type { LabInfo } from '../../../../src/lab/samba/lab-info.ts';

export async function waitUsersEverywhere(info: LabInfo, ou: string, count: number): Promise<void> {
  const password = readFileSync(info.admin.passwordFile, 'utf8').trim();
  for (const dc of info.dcs) {
    const client = new Client({
      url: dc.url,
      tlsOptions: { ca: [readFileSync(info.caFile)] },
      timeout: 30_000,
      connectTimeout: 5_000,
    });
    try {
      await client.bind(info.admin.upn, password);
      for (let attempt = 0; ; attempt += 1) {
        // The OU itself may not have replicated yet: "no such object" (32) is "none yet", not a failure.
        const found = await client
          .search(ou, { scope: 'one', filter: '(objectClass=user)', attributes: ['sAMAccountName'] })
          .then(
            (r) => r.searchEntries.length,
            (error: { code?: number }) => {
              if (error.code === 32) return 0;
              throw error;
            },
          );
        if (found >= count) break;
        assert.ok(attempt < 300, `${dc.url} has ${found} of ${count} users after 60 s`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }
}
