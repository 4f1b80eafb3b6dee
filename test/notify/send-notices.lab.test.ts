// Notices through a real SMTP server on loopback (smtp-server, STARTTLS + AUTH), read back from
// what arrived: recipients, headers, dates, method text, and never a secret.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkConfigText } from '../../src/app/config/load-config.ts';
import { Secret } from '../../src/core/secret.ts';
import { InMemoryNoticeJournal } from '../../src/notify/in-memory-notice-journal.ts';
import { loadNoticeTemplates } from '../../src/notify/load-notice-templates.ts';
import { noticeMessageId } from '../../src/notify/notice-message-id.ts';
import { noticeIdempotencyKey, type NoticeRequest } from '../../src/notify/notice-request.ts';
import { createRateLimiter } from '../../src/notify/rate-limiter.ts';
import { sendNotices, type SendNoticesDeps } from '../../src/notify/send-notices.ts';
import { createSmtpTransport } from '../../src/notify/smtp-transport.ts';
import { createNoticeSender } from '../../src/notify/create-notice-sender.ts';
import { noticeSettingsFromConfig } from '../../src/app/notices/notice-settings-from-config.ts';
import { aRequest, anIdentity, someSettings } from './support/notice-builders.ts';
import { createSmtpLab, type SmtpLab } from './support/smtp-lab.ts';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.ts';

const templates = loadNoticeTemplates();
let lab: SmtpLab;
let sink: SmtpSink;

before(async () => {
  lab = createSmtpLab();
  sink = await startSmtpSink({ cert: lab.cert, user: lab.user, password: lab.password.reveal() });
});
after(async () => {
  await sink.close();
  lab.remove();
});

function deps(overrides: Partial<SendNoticesDeps> = {}): SendNoticesDeps & { journal: InMemoryNoticeJournal } {
  return {
    transport: createSmtpTransport(lab.settings(sink.port)),
    journal: new InMemoryNoticeJournal(),
    templates,
    limiter: createRateLimiter({ limit: 1000, windowMs: 60_000 }),
    settings: someSettings(),
    now: () => new Date(),
    managerMail: async (identity) =>
      identity.manager === 'CN=Grace Boss,OU=Staff,DC=corp,DC=example' ? 'grace.boss@corp.example' : undefined,
    backoffMs: () => 0,
    ...overrides,
  } as SendNoticesDeps & { journal: InMemoryNoticeJournal };
}

function mailsTo(address: string) {
  return sink.mails.filter((m) => m.envelopeTo.includes(address));
}

describe('sending notices through SMTP', () => {
  it('sends per-wave notices to the right recipients with the dates in the campaign timezone and the right method', async () => {
    const start = sink.mails.length;
    const personal = 'dave.personal@example.net';
    const requests: NoticeRequest[] = [
      aRequest({ identity: anIdentity({ name: 'alice' }), method: 'change-at-logon' }),
      aRequest({ identity: anIdentity({ name: 'alice' }), kind: 'reminder', sequence: 24, method: 'change-at-logon' }),
      aRequest({
        identity: anIdentity({ name: 'bob', displayName: "Bob <b>O'Brien</b> & co" }),
        method: 'change-at-logon-vpn',
      }),
      aRequest({ identity: anIdentity({ name: 'carol' }), method: 'self-service' }),
      aRequest({
        identity: anIdentity({ name: 'dave', attributes: { extensionAttribute5: personal } }),
        method: 'helpdesk',
        assurance: 'high',
      }),
      aRequest({
        identity: anIdentity({ name: 'erin', kind: 'entra', manager: 'CN=Grace Boss,OU=Staff,DC=corp,DC=example' }),
        method: 'cloud-sign-in',
        assurance: 'high',
      }),
      aRequest({ identity: anIdentity({ name: 'frank' }), method: 'helpdesk', assurance: 'high' }),
    ];
    const d = deps();
    const result = await sendNotices(requests, d);
    d.transport.close();

    assert.deepEqual(result.counts, { sent: 6, 'already-sent': 0, failed: 1, 'not-attempted': 0 });
    assert.equal(sink.mails.length - start, 6);
    const frank = result.outcomes.find((o) => o.identityKey === 'guid-frank');
    assert.equal(frank?.code, 'NOTICE_NO_RECIPIENT');

    // Out-of-band under high assurance: never the corporate mailbox.
    for (const corporate of ['dave@corp.example', 'erin@corp.example', 'frank@corp.example'])
      assert.equal(mailsTo(corporate).length, 0, corporate);
    assert.equal(mailsTo(personal).length, 1);
    assert.equal(mailsTo('grace.boss@corp.example').length, 1);
    assert.equal(mailsTo('alice@corp.example').length, 2);

    // The deadline 2026-11-29T16:00Z is 17:00 in Paris (CET), written with its zone.
    const alice = mailsTo('alice@corp.example').find((m) => m.subject.startsWith('Action required'));
    assert.ok(alice);
    assert.equal(
      alice.subject,
      'Action required by Sunday, 29 November 2026 at 17:00 CET: change your password (Incident 42 password reset)',
    );
    assert.match(alice.text, /starts on Thursday, 26 November 2026 at 09:00 CET/);
    assert.match(alice.text, /Change your password at your next sign-in at the office/);
    assert.match(alice.text, /the IT helpdesk, \+1 555 0100/);
    assert.equal(alice.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(
      alice.headers.get('message-id'),
      noticeMessageId(noticeIdempotencyKey(requests[0] as NoticeRequest), 'it-security@corp.example'),
    );
    assert.equal(alice.envelopeFrom, 'it-security@corp.example');
    assert.equal(alice.secure, true, 'the session was upgraded with STARTTLS');
    assert.equal(alice.user, lab.user, 'the session was authenticated');
    const reminder = mailsTo('alice@corp.example').find((m) => m.subject.startsWith('Reminder'));
    assert.match(reminder?.subject ?? '', /before Sunday, 29 November 2026 at 17:00 CET/);

    const bob = mailsTo('bob@corp.example')[0];
    assert.match(bob?.text ?? '', /connect the company VPN/);
    assert.match(bob?.text ?? '', /Hello Bob <b>O'Brien<\/b> & co,/, 'plain text keeps the name as written');
    assert.match(bob?.html ?? '', /Hello Bob &lt;b&gt;O&#39;Brien&lt;\/b&gt; &amp; co,/, 'HTML escapes it');
    assert.doesNotMatch(bob?.html ?? '', /<b>O'Brien/);

    assert.match(mailsTo('carol@corp.example')[0]?.text ?? '', /Go to https:\/\/passwordreset\.corp\.example/);
    const dave = mailsTo(personal)[0];
    assert.match(dave?.text ?? '', /Call the IT helpdesk, \+1 555 0100/);
    assert.match(dave?.text ?? '', /never by email/);
    assert.match(mailsTo('grace.boss@corp.example')[0]?.text ?? '', /Go to https:\/\/myaccount\.microsoft\.com/);

    // The journal says who was told what, through which channel.
    const journal = await d.journal.list('camp-1');
    const byKey = new Map(journal.map((e) => [`${e.identityKey}/${e.kind}`, e]));
    assert.equal(byKey.get('guid-dave/announcement')?.channel, 'alternate');
    assert.equal(byKey.get('guid-erin/announcement')?.channel, 'manager');
    assert.equal(byKey.get('guid-frank/announcement')?.state, 'failed');
    assert.equal(byKey.get('guid-frank/announcement')?.lastErrorCode, 'NOTICE_NO_RECIPIENT');
    assert.equal(journal.filter((e) => e.state === 'sent').length, 6);
  });

  it('a notice never carries a secret: a canary planted in the identity and the context reaches no message', async () => {
    const canary = 'Canary-Pa55word-91c7e';
    const start = sink.mails.length;
    const withSecretAttribute = aRequest({
      identity: anIdentity({ name: 'gina', attributes: { newPassword: new Secret(canary) as unknown as string } }),
    });
    const withSecretContext = {
      ...aRequest({ identity: anIdentity({ name: 'hank' }) }),
      context: { password: new Secret(canary) },
    } as NoticeRequest;
    const withTap = aRequest({
      identity: anIdentity({ name: 'ivan', attributes: { tap: [new Secret(canary) as unknown as string] } }),
    });
    const clean = aRequest({ identity: anIdentity({ name: 'judy' }) });
    const d = deps();
    const result = await sendNotices([withSecretAttribute, withSecretContext, withTap, clean], d);
    d.transport.close();

    assert.deepEqual(result.counts, { sent: 1, 'already-sent': 0, failed: 3, 'not-attempted': 0 });
    for (const o of result.outcomes.filter((x) => x.status === 'failed')) assert.equal(o.code, 'INPUT_INVALID');
    const arrived = sink.mails.slice(start);
    assert.deepEqual(
      arrived.map((m) => m.envelopeTo),
      [['judy@corp.example']],
    );
    for (const mail of sink.mails) {
      assert.ok(!mail.raw.includes(canary), 'canary in a message');
      assert.ok(!mail.raw.includes(lab.password.reveal()), 'SMTP password in a message');
    }
    const everything = JSON.stringify([result, await d.journal.list('camp-1')]);
    assert.ok(!everything.includes(canary), 'canary in outcomes or journal');
  });

  it('respects the rate limit: never more than the limit of arrivals in any window', async () => {
    const start = sink.mails.length;
    const windowMs = 1000;
    const limit = 3;
    const requests = Array.from({ length: 10 }, (_, i) =>
      aRequest({ campaignId: 'camp-rate', identity: anIdentity({ name: `rate${i}` }) }),
    );
    const d = deps({ limiter: createRateLimiter({ limit, windowMs }) });
    const result = await sendNotices(requests, d);
    d.transport.close();
    assert.equal(result.counts.sent, 10);
    const arrivals = sink.mails
      .slice(start)
      .map((m) => m.arrivedAt)
      .sort((a, b) => a - b);
    assert.equal(arrivals.length, 10);
    for (const t of arrivals) {
      const inWindow = arrivals.filter((u) => u >= t && u < t + windowMs).length;
      assert.ok(inWindow <= limit, `${inWindow} arrivals in the window starting at +${t - (arrivals[0] as number)}ms`);
    }
  });
  it('from the notify: section of reclaim.yaml to the mailbox', async () => {
    const yaml = [
      'campaign: { name: "Incident 42", timezone: Asia/Tokyo }',
      'directories: [{ id: corp, kind: ad, urls: ["ldaps://dc1.corp.example"], baseDns: ["DC=corp,DC=example"], bindDn: svc, password: env:AD_PW }]',
      'helpdesk: { contact: "the service desk, ext. 4242" }',
      'notify:',
      '  host: 127.0.0.1',
      `  port: ${sink.port}`,
      '  security: starttls',
      `  user: ${lab.user}`,
      '  password: env:RECLAIM_TEST_SMTP_PW',
      '  caFile: ca/ca.pem',
      '  from: "IT Security <security@corp.example>"',
      '  ratePerMinute: 30',
      '  outOfBand: always',
      '  alternateAddressAttribute: personalMail',
    ].join('\n');
    const parsed = checkConfigText(yaml);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
    const setup = noticeSettingsFromConfig(parsed.config, lab.dir, { RECLAIM_TEST_SMTP_PW: lab.password.reveal() });
    const journal = new InMemoryNoticeJournal();
    const sender = createNoticeSender(setup, { journal, now: () => new Date() });
    const request = aRequest({
      campaignId: 'camp-config',
      identity: anIdentity({ name: 'yuki', attributes: { personalMail: 'yuki@home.example' } }),
      method: 'helpdesk',
    });
    const result = await sender.send([request]);
    sender.close();
    assert.equal(result.counts.sent, 1);
    const mail = mailsTo('yuki@home.example')[0];
    assert.ok(mail, 'arrived at the personal address (outOfBand: always)');
    assert.equal(mailsTo('yuki@corp.example').length, 0);
    assert.equal(mail.envelopeFrom, 'security@corp.example');
    assert.match(mail.subject, /Monday, 30 November 2026 at 01:00 GMT\+9/);
    assert.match(mail.text, /Call the service desk, ext\. 4242\./);
  });
});
