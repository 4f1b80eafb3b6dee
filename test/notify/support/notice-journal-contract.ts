// One contract for every NoticeJournal: in memory, SQLite and PostgreSQL must behave the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReclaimError } from '../../../src/core/errors/reclaim-error.ts';
import type { NoticeJournal, NoticeRecord } from '../../../src/notify/notice-journal.ts';

export interface JournalFixture {
  journal: NoticeJournal;
  campaignId: string;
  waveId: number | null;
  close(): Promise<void>;
}

export function noticeJournalContract(name: string, open: () => Promise<JournalFixture>): void {
  const record = (f: JournalFixture, who: string, overrides: Partial<NoticeRecord> = {}): NoticeRecord => ({
    campaignId: f.campaignId,
    waveId: f.waveId,
    directory: 'corp',
    identityKey: `guid-${who}`,
    kind: 'announcement',
    channel: 'corporate',
    recipient: `${who}@corp.example`,
    idempotencyKey: `${f.campaignId}/${f.waveId}/corp/guid-${who}/announcement`,
    at: '2026-11-26T09:00:00.000Z',
    ...overrides,
  });

  async function withJournal(fn: (f: JournalFixture) => Promise<void>): Promise<void> {
    const f = await open();
    try {
      await fn(f);
    } finally {
      await f.close();
    }
  }

  describe(`notice journal contract: ${name}`, () => {
    it('reserves a new notice, and hands an unfinished one back to a resume with one more attempt', () =>
      withJournal(async (f) => {
        const first = await f.journal.reserve(record(f, 'alice'));
        assert.equal(first.status, 'reserved');
        const again = await f.journal.reserve(record(f, 'alice'));
        assert.deepEqual(again, { status: 'reserved', id: first.id, attempts: 2, lastErrorCode: null });
        const entries = await f.journal.list(f.campaignId);
        assert.equal(entries.length, 1);
        assert.equal(entries[0]?.state, 'reserved');
      }));

    it('never hands out a notice already sent', () =>
      withJournal(async (f) => {
        const r = await f.journal.reserve(record(f, 'bob'));
        await f.journal.markSent(r.id, '2026-11-26T09:00:01.000Z', '<x@corp.example>');
        const again = await f.journal.reserve(record(f, 'bob', { at: '2026-11-26T10:00:00.000Z' }));
        assert.deepEqual(again, { status: 'already-sent', id: r.id, sentAt: '2026-11-26T09:00:01.000Z' });
        const [entry] = await f.journal.list(f.campaignId);
        assert.equal(entry?.state, 'sent');
        assert.equal(entry?.attempts, 1);
      }));

    it('records a failure with its code, keeps the notice eligible, and never turns a sent notice into a failed one', () =>
      withJournal(async (f) => {
        const r = await f.journal.reserve(record(f, 'carol'));
        await f.journal.markFailed(r.id, 'SMTP_UNAVAILABLE');
        const [failed] = await f.journal.list(f.campaignId);
        assert.equal(failed?.state, 'failed');
        assert.equal(failed?.lastErrorCode, 'SMTP_UNAVAILABLE');
        const retry = await f.journal.reserve(
          record(f, 'carol', { channel: 'alternate', recipient: 'carol@example.net' }),
        );
        assert.deepEqual(retry, { status: 'reserved', id: r.id, attempts: 2, lastErrorCode: 'SMTP_UNAVAILABLE' });
        await f.journal.markSent(r.id, '2026-11-26T09:05:00.000Z', '<y@corp.example>');
        await f.journal.markFailed(r.id, 'NOTICE_REJECTED');
        const [sent] = await f.journal.list(f.campaignId);
        assert.equal(sent?.state, 'sent');
        assert.equal(sent?.recipient, 'carol@example.net');
        assert.equal(sent?.channel, 'alternate');
      }));

    it('keeps each idempotency key once, even when reserved concurrently', () =>
      withJournal(async (f) => {
        const results = await Promise.all(Array.from({ length: 5 }, () => f.journal.reserve(record(f, 'dave'))));
        assert.equal(new Set(results.map((r) => r.id)).size, 1);
        assert.deepEqual(results.map((r) => (r.status === 'reserved' ? r.attempts : 0)).sort(), [1, 2, 3, 4, 5]);
        await f.journal.reserve(
          record(f, 'erin', { kind: 'reminder', idempotencyKey: `${f.campaignId}/erin/reminder/24` }),
        );
        const entries = await f.journal.list(f.campaignId);
        assert.deepEqual(
          entries.map((e) => [e.identityKey, e.kind]),
          [
            ['guid-dave', 'announcement'],
            ['guid-erin', 'reminder'],
          ],
        );
      }));

    it('refuses to mark a notice it does not hold', () =>
      withJournal(async (f) => {
        await assert.rejects(
          f.journal.markSent(987654, '2026-11-26T09:00:00.000Z', '<z@corp.example>'),
          (e: unknown) => e instanceof ReclaimError && e.code === 'NOT_FOUND',
        );
      }));
  });
}
