// The notice journal contract in memory and on SQLite (a new file per test).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { InMemoryNoticeJournal } from '../../src/notify/in-memory-notice-journal.ts';
import { StoreNoticeJournal } from '../../src/notify/store-notice-journal.ts';
import { openStore } from '../../src/store/open-store.ts';
import { noticeJournalContract } from './support/notice-journal-contract.ts';
import { aCampaignWithWave } from './support/notice-store-fixtures.ts';

noticeJournalContract('in memory', async () => ({
  journal: new InMemoryNoticeJournal(),
  campaignId: 'camp-1',
  waveId: 1,
  close: async () => undefined,
}));

const dir = mkdtempSync(join(tmpdir(), 'reclaim-notice-journal-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

noticeJournalContract('SQLite store', async () => {
  const store = await openStore(`sqlite:${join(dir, `store-${(n += 1)}.sqlite`)}`);
  const { campaignId, waveId } = await aCampaignWithWave(store);
  return { journal: new StoreNoticeJournal(store), campaignId, waveId, close: () => store.close() };
});
