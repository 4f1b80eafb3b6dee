// A sender killed with SIGKILL mid-batch and resumed: counting what the SMTP server received per
// recipient proves the guarantee documented in src/notify/send-notices.ts: every notice arrives;
// a notice arrives twice only when the server accepted it and the sender died before journaling
// it, and the second copy carries the same Message-ID.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { StoreNoticeJournal } from '../../src/notify/store-notice-journal.ts';
import type { NoticeJournalEntry } from '../../src/notify/notice-journal.ts';
import { openStore } from '../../src/store/open-store.ts';
import { aCampaignWithWave } from './support/notice-store-fixtures.ts';
import type { ChildArgs } from './support/send-batch-child.ts';
import { createSmtpLab, type SmtpLab } from './support/smtp-lab.ts';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './support/smtp-sink.ts';

const childScript = join(fileURLToPath(new URL('.', import.meta.url)), 'support/send-batch-child.ts');
const count = 12;
let lab: SmtpLab;
let storeUrl: string;
const cleanups: Array<() => Promise<void>> = [];

before(() => {
  lab = createSmtpLab();
  storeUrl = `sqlite:${join(lab.dir, 'store.sqlite')}`;
});
// A failed assertion must not leave a sender or a server running (the test process would hang).
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  lab.remove();
});

interface Scenario {
  sink: SmtpSink;
  campaignId: string;
  /** kills the running child and waits until it is gone */
  kill(): Promise<void>;
  /** runs the sender to its end (or its death); resolves with the exit code or signal */
  runSender(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>;
  journal(): Promise<NoticeJournalEntry[]>;
  close(): Promise<void>;
}

async function scenario(hooks: (s: () => Scenario) => Partial<SmtpSinkOptions>): Promise<Scenario> {
  const store = await openStore(storeUrl);
  const { campaignId, waveId } = await aCampaignWithWave(store);
  await store.close();
  let child: ChildProcess | undefined;
  let self: Scenario;
  const sink = await startSmtpSink({
    cert: lab.cert,
    user: lab.user,
    password: lab.password.reveal(),
    ...hooks(() => self),
  });
  self = {
    sink,
    campaignId,
    async kill() {
      const c = child;
      assert.ok(c && c.exitCode === null, 'the sender is running');
      const exited = once(c, 'exit');
      c.kill('SIGKILL');
      await exited;
    },
    async runSender() {
      const args: ChildArgs = {
        storeUrl,
        port: sink.port,
        caFile: join(lab.dir, 'ca', 'ca.pem'),
        user: lab.user,
        campaignId,
        waveId,
        count,
      };
      const c = spawn(process.execPath, [childScript, JSON.stringify(args)], {
        env: { ...process.env, RECLAIM_TEST_SMTP_PASSWORD: lab.password.reveal() },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child = c;
      let stdout = '';
      c.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
      const [code, signal] = (await once(c, 'exit')) as [number | null, NodeJS.Signals | null];
      return { code, signal, stdout };
    },
    async journal() {
      const s = await openStore(storeUrl);
      try {
        return await new StoreNoticeJournal(s).list(campaignId);
      } finally {
      }
    },
    close: async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await sink.close();
    },
  };
  cleanups.push(() => self.close());
  return self;
}

function perRecipient(sink: SmtpSink): Map<string, string[]> {
  const counts = new Map<string, string[]>();
  for (const m of sink.mails)
    for (const to of m.envelopeTo) counts.set(to, [...(counts.get(to) ?? []), m.headers.get('message-id') ?? '']);
  return counts;
}

const everyone = Array.from({ length: count }, (_, i) => `user${String(i).padStart(2, '0')}@corp.example`);

describe('resuming a sender killed mid-batch', () => {
  it('killed before the server took the 5th notice: the resume delivers every notice exactly once', async () => {
    let killed = false;
    const s = await scenario((self) => ({
      beforeRcpt: async (_address, index) => {
        if (index === 4 && !killed) {
          killed = true;
          await self().kill();
        }
      },
    }));
    const first = await s.runSender();
    assert.equal(first.signal, 'SIGKILL');
    const atKill = await s.journal();
    assert.deepEqual(
      atKill.map((e) => e.state),
      ['sent', 'sent', 'sent', 'sent', 'reserved'],
      'four sent, the fifth journaled before SMTP',
    );

    const second = await s.runSender();
    assert.equal(second.code, 0, second.stdout);
    assert.deepEqual(JSON.parse(second.stdout.trim().split('\n').at(-1) ?? '{}'), {
      sent: count - 4,
      'already-sent': 4,
      failed: 0,
      'not-attempted': 0,
    });
    const received = perRecipient(s.sink);
    assert.deepEqual([...received.keys()].sort(), everyone);
    for (const [to, ids] of received) assert.equal(ids.length, 1, `${to} received ${ids.length} messages`);
    const journal = await s.journal();
    assert.equal(journal.length, count);
    assert.ok(journal.every((e) => e.state === 'sent'));
    assert.equal(journal.find((e) => e.identityKey === 'guid-user04')?.attempts, 2);
  });

  it('killed after the server accepted the 5th notice but before the sender journaled it: the one documented duplicate, with the same Message-ID', async () => {
    let killed = false;
    const s = await scenario((self) => ({
      beforeAccept: async (_mail, index) => {
        if (index === 4 && !killed) {
          killed = true;
          await self().kill();
        }
        return 'accept' as const;
      },
    }));
    const first = await s.runSender();
    assert.equal(first.signal, 'SIGKILL');
    assert.equal((await s.journal()).find((e) => e.identityKey === 'guid-user04')?.state, 'reserved');
    const second = await s.runSender();
    assert.equal(second.code, 0, second.stdout);
    const received = perRecipient(s.sink);
    assert.deepEqual([...received.keys()].sort(), everyone);
    for (const [to, ids] of received) {
      if (to === 'user04@corp.example') {
        assert.equal(ids.length, 2);
        assert.equal(ids[0], ids[1], 'the duplicate carries the same Message-ID');
      } else {
        assert.equal(ids.length, 1, `${to} received ${ids.length} messages`);
      }
    }
    assert.ok((await s.journal()).every((e) => e.state === 'sent'));
  });

  it('killed at an arbitrary moment: every notice arrives, and only a notice the journal held unfinished can arrive twice', async () => {
    let killed = false;
    const s = await scenario((self) => ({
      beforeAccept: (_mail, index) => {
        if (index === 6 && !killed) {
          killed = true;
          // After the 250 for the 7th message, somewhere in the next 10 ms.
          setTimeout(() => void self().kill(), Math.floor(Math.random() * 10));
        }
        return 'accept' as const;
      },
    }));
    const first = await s.runSender();
    assert.equal(first.signal, 'SIGKILL');
    const atKill = await s.journal();
    const unfinished = atKill.filter((e) => e.state !== 'sent').map((e) => e.recipient);
    assert.ok(unfinished.length <= 1, 'one notice at a time is between journal and SMTP');
    const second = await s.runSender();
    assert.equal(second.code, 0, second.stdout);
    const received = perRecipient(s.sink);
    assert.deepEqual([...received.keys()].sort(), everyone);
    for (const [to, ids] of received) {
      if (ids.length > 1)
        assert.ok(
          unfinished.includes(to) && ids.length === 2 && ids[0] === ids[1],
          `${to} received ${ids.length} messages`,
        );
    }
    assert.ok((await s.journal()).every((e) => e.state === 'sent'));
  });
});
