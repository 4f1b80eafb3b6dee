import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadNoticeTemplates } from '../../src/notify/load-notice-templates.ts';
import { previewNotice } from '../../src/notify/preview-notice.ts';
import { aRequest, anIdentity, someSettings } from './support/notice-builders.ts';

const templates = loadNoticeTemplates();

describe('previewing a notice (dry run)', () => {
  it('shows the recipient and the exact text, or why it cannot be sent', () => {
    const preview = previewNotice(
      templates,
      aRequest({
        kind: 'final-warning',
        method: 'helpdesk',
        assurance: 'high',
        identity: anIdentity({ name: 'kai', manager: 'CN=Boss' }),
      }),
      someSettings(),
      'boss@corp.example',
    );
    assert.equal(preview.ok, true);
    if (preview.ok) {
      assert.equal(preview.to, 'boss@corp.example');
      assert.equal(preview.channel, 'manager');
      assert.equal(
        preview.subject,
        'Final warning: your account will be disabled at Sunday, 29 November 2026 at 17:00 CET',
      );
      assert.match(preview.text, /quote reference [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}\./);
    }
    const refused = previewNotice(
      templates,
      aRequest({
        method: 'self-service',
        assurance: 'high',
        identity: anIdentity({ attributes: { extensionAttribute5: 'p@home.example' } }),
      }),
      someSettings(),
      undefined,
    );
    assert.deepEqual(refused.ok ? 'sent' : refused.code, 'INPUT_INVALID');
  });
});
