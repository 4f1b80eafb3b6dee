import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeUac, uacFlags, withUacFlag } from '../../../src/directories/ad/decode-uac.ts';

describe('userAccountControl decoding', () => {
  it('decodes an enabled normal user (512) and a disabled one (514)', () => {
    assert.deepEqual([decodeUac(512).kind, decodeUac(512).disabled], ['normal', false]);
    assert.equal(decodeUac(514).disabled, true);
  });
  it('decodes service-account and smart-card flags', () => {
    const svc = decodeUac(66048);
    assert.equal(svc.passwordNeverExpires, true);
    assert.equal(decodeUac(512 | 0x40000).smartcardRequired, true);
    assert.equal(decodeUac(512 | 0x40).cannotChangePassword, true);
  });
  it('tells computers, DCs and read-only DCs apart', () => {
    assert.equal(decodeUac(4096).kind, 'workstation');
    assert.equal(decodeUac(532480).kind, 'server');
    assert.equal(decodeUac(0x1000 | 0x4000000).kind, 'readOnlyDc');
    assert.equal(decodeUac(0x800).kind, 'interdomainTrust');
  });
  it('flips one bit and preserves every other', () => {
    const before = 512 | 0x10000 | 0x40000 | 0x80000;
    const disabled = withUacFlag(before, uacFlags.ACCOUNTDISABLE, true);
    assert.equal(disabled, before | 2);
    assert.equal(withUacFlag(disabled, uacFlags.ACCOUNTDISABLE, false), before);
    assert.equal(withUacFlag(before, uacFlags.DONT_EXPIRE_PASSWORD, false), 512 | 0x40000 | 0x80000);
  });
});
