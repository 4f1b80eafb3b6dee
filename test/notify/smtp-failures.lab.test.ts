// What the sender does when the mail server says no, read back from the SMTP server and the
// journal: a refused recipient is one failed outcome, a deferral is retried, bad credentials, an
// untrusted certificate or a server that is down stop the batch and leave the rest for the resume.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Secret } from '../../src/core/secret.ts';
import { InMemoryNoticeJournal } from '../../src/notify/in-memory-notice-journal.ts';
import { loadNoticeTemplates } from '../../src/notify/load-notice-templates.ts';
import { createRateLimiter } from '../../src/notify/rate-limiter.ts';
import { sendNotices } from '../../src/notify/send-notices.ts';
import { createSmtpTransport, type SmtpSettings } from '../../src/notify/smtp-transport.ts';
import { aRequest, anIdentity, someSettings } from './support/notice-builders.ts';
import { createSmtpLab, type SmtpLab } from './support/smtp-lab.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';

const templates = loadNoticeTemplates();
let lab: SmtpLab;
let sink: SmtpSink;
const verdicts = new Map<string, Array<'accept' | 'reject' | 'defer'>>();

before(async () => {
  lab = createSmtpLab();
  sink = await startSmtpSink({
    cert: lab.cert,
    user: lab.user,
    password: lab.password.reveal(),
    beforeAccept: (mail) => verdicts.get(mail.envelopeTo[0] ?? '')?.shift() ?? 'accept',
  });
});
after(async () => {
  await sink.close();
  lab.remove();
});

async function send(names: string[], smtp: SmtpSettings, signal?: AbortController) {
  const transport = createSmtpTransport(smtp);
  const journal = new InMemoryNoticeJournal();
  const campaignId = `fail-${names[0]}`;
  const requests = names.map((name) => aRequest({ campaignId, identity: anIdentity({ name }) }));
  const result = await sendNotices(requests, {
    transport,
    journal,
    templates,
    limiter: createRateLimiter({ limit: 1000, windowMs: 60_000 }),
    settings: someSettings(),
    now: () => new Date(),
    backoffMs: () => 10,
    ...(signal ? { signal: signal.signal, onOutcome: () => signal.abort() } : {}),
  });
  transport.close();
  return { result, journal: await journal.list(campaignId) };
}

const received = (address: string) => sink.mails.filter((m) => m.envelopeTo.includes(address)).length;

describe('when the mail server says no', () => {
  it('a refused recipient is one failed outcome; a deferral is retried; the batch goes on', async () => {
    verdicts.set('rex@corp.example', ['reject']);
    verdicts.set('sam@corp.example', ['defer']);
    const { result, journal } = await send(['quin', 'rex', 'sam', 'tom'], lab.settings(sink.port));
    assert.deepEqual(
      result.outcomes.map((o) => [o.identityKey, o.status, o.code]),
      [
        ['guid-quin', 'sent', undefined],
        ['guid-rex', 'failed', 'NOTICE_REJECTED'],
        ['guid-sam', 'sent', undefined],
        ['guid-tom', 'sent', undefined],
      ],
    );
    assert.equal(result.stopped, undefined);
    assert.deepEqual(
      ['quin', 'rex', 'sam', 'tom'].map((n) => received(`${n}@corp.example`)),
      [1, 0, 1, 1],
    );
    assert.deepEqual(
      journal.map((e) => [e.state, e.attempts, e.lastErrorCode]),
      [
        ['sent', 1, null],
        ['failed', 1, 'NOTICE_REJECTED'],
        ['sent', 1, null],
        ['sent', 1, null],
      ],
    );
  });

  it('wrong SMTP credentials stop the batch at the first notice, and do not leak the password', async () => {
    const wrong = new Secret('Wrong-Smtp-Pa55-3c9b');
    const { result, journal } = await send(['uma', 'vic', 'wes'], lab.settings(sink.port, { password: wrong }));
    assert.equal(result.stopped?.code, 'SERVICE_ACCOUNT_LOGON_FAILED');
    assert.deepEqual(result.counts, { sent: 0, 'already-sent': 0, failed: 1, 'not-attempted': 2 });
    assert.deepEqual(
      journal.map((e) => e.state),
      ['failed'],
      'the notices not attempted are not journaled',
    );
    assert.equal(received('uma@corp.example'), 0);
    assert.ok(!JSON.stringify(result).includes(wrong.reveal()));
  });

  it('a certificate from an unknown CA stops the batch with TLS_CERTIFICATE_INVALID', async () => {
    const { ca: _ca, ...untrusting } = lab.settings(sink.port);
    const { result } = await send(['xan', 'yul'], untrusting);
    assert.equal(result.stopped?.code, 'TLS_CERTIFICATE_INVALID');
    assert.equal(received('xan@corp.example'), 0);
  });

  it('a server that is down is retried, then stops the batch with SMTP_UNAVAILABLE', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { result, journal } = await send(['zed', 'amy'], lab.settings(port));
    assert.equal(result.stopped?.code, 'SMTP_UNAVAILABLE');
    assert.deepEqual(
      result.outcomes.map((o) => o.status),
      ['failed', 'not-attempted'],
    );
    assert.deepEqual(
      journal.map((e) => [e.state, e.lastErrorCode]),
      [['failed', 'SMTP_UNAVAILABLE']],
    );
  });

  it('a stop between two notices (kill switch, Ctrl+C) leaves the rest unjournaled for the resume', async () => {
    const { result, journal } = await send(['bea', 'cal', 'dan'], lab.settings(sink.port), new AbortController());
    assert.deepEqual(
      result.outcomes.map((o) => o.status),
      ['sent', 'not-attempted', 'not-attempted'],
    );
    assert.equal(result.stopped?.code, 'KILL_SWITCH_ENGAGED');
    assert.deepEqual(
      journal.map((e) => [e.identityKey, e.state]),
      [['guid-bea', 'sent']],
    );
    assert.deepEqual(
      ['bea', 'cal', 'dan'].map((n) => received(`${n}@corp.example`)),
      [1, 0, 0],
    );
  });

  it('speaks implicit TLS too (security: tls, port 465 style)', async () => {
    const tlsSink = await startSmtpSink({
      cert: lab.cert,
      user: lab.user,
      password: lab.password.reveal(),
      implicitTls: true,
    });
    try {
      const { result } = await send(['eli'], lab.settings(tlsSink.port, { security: 'tls' }));
      assert.equal(result.counts.sent, 1);
      assert.deepEqual(
        tlsSink.mails.map((m) => [m.envelopeTo, m.secure, m.user]),
        [[['eli@corp.example'], true, lab.user]],
      );
    } finally {
      await tlsSink.close();
    }
  });

  it('refuses to send SMTP credentials over a plain connection', () => {
    assert.throws(() => createSmtpTransport(lab.settings(sink.port, { security: 'none' })), {
      code: 'INSECURE_TRANSPORT',
    });
  });
});
