import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseRecipient } from '../../src/notify/choose-recipient.ts';
import { anIdentity, someSettings } from './support/notice-builders.ts';

const withPersonal = anIdentity({
  name: 'kim',
  attributes: { extensionAttribute5: 'kim@home.example' },
  manager: 'CN=Boss',
});
const managerOnly = anIdentity({ name: 'lee', manager: 'CN=Boss' });
const nothing = anIdentity({ name: 'max' });

describe('choosing who receives a notice', () => {
  it('standard assurance with outOfBand high-assurance: the corporate mailbox', () => {
    assert.deepEqual(chooseRecipient(withPersonal, 'announcement', 'standard', someSettings(), 'boss@corp.example'), {
      ok: true,
      channel: 'corporate',
      address: 'kim@corp.example',
    });
  });

  it('high assurance: the personal address, else the manager, never the corporate mailbox', () => {
    const s = someSettings();
    assert.deepEqual(chooseRecipient(withPersonal, 'reminder', 'high', s, 'boss@corp.example'), {
      ok: true,
      channel: 'alternate',
      address: 'kim@home.example',
    });
    assert.deepEqual(chooseRecipient(managerOnly, 'reminder', 'high', s, 'boss@corp.example'), {
      ok: true,
      channel: 'manager',
      address: 'boss@corp.example',
    });
    const none = chooseRecipient(nothing, 'reminder', 'high', s, undefined);
    assert.equal(none.ok, false);
    assert.equal(!none.ok && none.code, 'NOTICE_NO_RECIPIENT');
    const noFallback = chooseRecipient(
      managerOnly,
      'reminder',
      'high',
      someSettings({ managerFallback: false }),
      'boss@corp.example',
    );
    assert.equal(noFallback.ok, false);
  });

  it('outOfBand always applies at standard assurance too; never keeps the corporate mailbox', () => {
    assert.equal(
      chooseRecipient(withPersonal, 'announcement', 'standard', someSettings({ outOfBand: 'always' }), undefined).ok &&
        'alternate',
      'alternate',
    );
    const never = chooseRecipient(
      withPersonal,
      'announcement',
      'high',
      someSettings({ outOfBand: 'never' }),
      undefined,
    );
    assert.deepEqual(never, { ok: true, channel: 'corporate', address: 'kim@corp.example' });
  });

  it('an "alternate" address that is the corporate mailbox itself, or not an address, does not count', () => {
    const same = anIdentity({
      name: 'ned',
      attributes: { extensionAttribute5: ['NED@corp.example', 'not an address', 'ned@home.example'] },
    });
    assert.deepEqual(chooseRecipient(same, 'announcement', 'high', someSettings(), undefined), {
      ok: true,
      channel: 'alternate',
      address: 'ned@home.example',
    });
    const onlySame = anIdentity({ name: 'ona', attributes: { extensionAttribute5: 'ona@corp.example' } });
    assert.equal(chooseRecipient(onlySame, 'announcement', 'high', someSettings(), undefined).ok, false);
  });

  it('a disabled notice prefers an outside address, since the account can no longer read its mailbox', () => {
    assert.deepEqual(
      chooseRecipient(withPersonal, 'disabled', 'standard', someSettings({ outOfBand: 'never' }), undefined),
      { ok: true, channel: 'alternate', address: 'kim@home.example' },
    );
    assert.deepEqual(chooseRecipient(nothing, 'disabled', 'standard', someSettings(), undefined), {
      ok: true,
      channel: 'corporate',
      address: 'max@corp.example',
    });
  });
});
