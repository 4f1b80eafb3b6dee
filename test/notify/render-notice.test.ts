import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReclaimError } from '../../src/core/errors/reclaim-error.ts';
import { Secret } from '../../src/core/secret.ts';
import { formatNoticeDate } from '../../src/notify/format-notice-date.ts';
import { loadNoticeTemplates } from '../../src/notify/load-notice-templates.ts';
import { methodText } from '../../src/notify/method-text.ts';
import type { NoticeRequest } from '../../src/notify/notice-request.ts';
import { renderNotice } from '../../src/notify/render-notice.ts';
import { aRequest, anIdentity, someSettings } from './support/notice-builders.ts';

const templates = loadNoticeTemplates();
const isCode = (code: string) => (e: unknown) => e instanceof ReclaimError && e.code === code;

describe('rendering a notice', () => {
  it('writes dates in the campaign timezone, with the zone named', () => {
    const deadline = '2026-11-29T16:00:00.000Z';
    assert.equal(formatNoticeDate(deadline, 'UTC'), 'Sunday, 29 November 2026 at 16:00 UTC');
    assert.equal(formatNoticeDate(deadline, 'Europe/Paris'), 'Sunday, 29 November 2026 at 17:00 CET');
    assert.equal(formatNoticeDate(deadline, 'America/New_York'), 'Sunday, 29 November 2026 at 11:00 GMT-5');
    assert.equal(formatNoticeDate('2026-07-01T22:30:00.000Z', 'Europe/Paris'), 'Thursday, 2 July 2026 at 00:30 CEST');
    assert.throws(() => formatNoticeDate(deadline, 'Mars/Olympus'), isCode('CONFIG_INVALID'));
  });

  it('tells each user the method of their treatment', () => {
    const settings = someSettings();
    const steps = (method: NoticeRequest['method']) =>
      renderNotice(templates, aRequest({ method }), settings, 'REF').text;
    assert.match(steps('change-at-logon'), /at the office, on the company network/);
    assert.match(steps('change-at-logon-vpn'), /connect the company VPN \(it uses your certificate/);
    assert.match(steps('self-service'), /Go to https:\/\/passwordreset\.corp\.example/);
    assert.match(steps('helpdesk'), /Call the IT helpdesk, \+1 555 0100\.\n2\. The agent will verify your identity/);
    assert.match(steps('cloud-sign-in'), /Go to https:\/\/myaccount\.microsoft\.com/);
    const custom = renderNotice(
      templates,
      aRequest({ method: 'change-at-logon-vpn' }),
      someSettings({ vpnSteps: 'Open GlobalConnect, then press Ctrl+Alt+Del.' }),
      'REF',
    );
    assert.match(custom.text, /Open GlobalConnect, then press Ctrl\+Alt\+Del\./);
  });

  it('never sends users to self-service under high assurance, and needs its URL otherwise', () => {
    assert.throws(() => methodText('self-service', 'high', someSettings()), isCode('INPUT_INVALID'));
    const { ssprUrl: _u, ...withoutUrl } = someSettings();
    assert.throws(() => methodText('self-service', 'standard', withoutUrl), isCode('CONFIG_INVALID'));
  });

  it('escapes values in the HTML part, keeps line breaks, and keeps the subject on one line', () => {
    const identity = anIdentity({
      name: 'eve',
      displayName: 'Eve "<script>alert(1)</script>"\r\nBcc: everyone@corp.example',
    });
    const rendered = renderNotice(
      templates,
      aRequest({ identity, method: 'helpdesk', kind: 'disabled' }),
      someSettings(),
      'AB12-CD34-EF56',
    );
    assert.ok(!rendered.html.includes('<script>'));
    assert.match(rendered.html, /Eve &quot;&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot;<br>/);
    assert.match(rendered.html, /quote reference <code>AB12-CD34-EF56<\/code>/);
    const plain = renderNotice(
      templates,
      aRequest({ identity: anIdentity({ name: 'x\r\nBcc: a@b.c' }), kind: 'disabled' }),
      someSettings(),
      'R',
    );
    assert.equal(plain.subject, 'Your account x Bcc: a@b.c has been disabled');
  });

  it('refuses any input holding a Secret, and the error does not reveal it', () => {
    const canary = 'Canary-Render-5e1d';
    const inIdentity = aRequest({
      identity: anIdentity({ attributes: { tap: [new Secret(canary) as unknown as string] } }),
    });
    const inContext = { ...aRequest(), context: { password: new Secret(canary) } } as NoticeRequest;
    for (const request of [inIdentity, inContext]) {
      assert.throws(
        () => renderNotice(templates, request, someSettings(), 'R'),
        (e: unknown) => isCode('INPUT_INVALID')(e) && !JSON.stringify([String(e), (e as Error).stack]).includes(canary),
      );
    }
    assert.throws(
      () =>
        renderNotice(
          templates,
          aRequest(),
          { ...someSettings(), helpdeskContact: new Secret(canary) as unknown as string },
          'R',
        ),
      isCode('INPUT_INVALID'),
    );
  });
});
