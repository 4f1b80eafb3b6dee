import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DcRouter } from '../../../../src/directories/ad/multi-dc/dc-router.ts';
import { judge } from '../../../../src/directories/ad/multi-dc/verify-everywhere.ts';

const URLS = ['ldaps://127.0.0.21:636', 'ldaps://127.0.0.22:636'];
const keys = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

test('every identity has one home DC, the same in every router, and the campaign spreads over both', () => {
  const a = new DcRouter(URLS);
  const b = new DcRouter([...URLS].reverse());
  const counts = new Map<string, number>();
  for (const k of keys) {
    assert.equal(a.pick(k), b.pick(k));
    counts.set(a.pick(k), (counts.get(a.pick(k)) ?? 0) + 1);
  }
  for (const url of URLS) assert.ok((counts.get(url) ?? 0) > 400, `${url} got ${counts.get(url)}`);
});

test('a DC marked down loses only its own identities, and gets them back when it rejoins', () => {
  let now = 0;
  const r = new DcRouter([...URLS, 'ldaps://127.0.0.23:636'], { retryDownAfterMs: 1000, now: () => now });
  const before = new Map(keys.map((k) => [k, r.pick(k)]));
  r.markDown(URLS[1] as string, 'ECONNREFUSED');
  for (const k of keys) {
    const home = before.get(k);
    if (home === URLS[1]) assert.notEqual(r.pick(k), URLS[1]);
    else assert.equal(r.pick(k), home);
  }
  assert.deepEqual(r.dueForProbe(), []);
  now = 1000;
  assert.deepEqual(r.dueForProbe(), [URLS[1]]);
  r.markUp(URLS[1] as string);
  for (const k of keys) assert.equal(r.pick(k), before.get(k));
});

test('with every DC down or already tried, pick says no DC is available', () => {
  const r = new DcRouter(URLS);
  r.markDown(URLS[0] as string, 'x');
  assert.throws(() => r.pick('k', new Set([URLS[1] as string])), { code: 'DIRECTORY_UNAVAILABLE' });
});

test('converged only when every DC shows the newest write; an unreadable DC is not replicated', () => {
  const s = (version: number, t: string) => ({
    attid: 0x9005a,
    version,
    originatingTime: t,
    originatingInvocationId: 'i',
    originatingUsn: version,
    localUsn: 1,
  });
  const ok = judge(
    [
      { url: 'a', ok: true, unicodePwd: s(3, 'T2') },
      { url: 'b', ok: true, unicodePwd: s(3, 'T2') },
    ],
    'unicodePwd',
  );
  assert.equal(ok.converged, true);
  const lagging = judge(
    [
      { url: 'a', ok: true, unicodePwd: s(3, 'T2') },
      { url: 'b', ok: true, unicodePwd: s(2, 'T1') },
    ],
    'unicodePwd',
  );
  assert.equal(lagging.converged, false);
  assert.deepEqual(
    lagging.dcs.map((d) => d.replicated),
    [true, false],
  );
  const down = judge(
    [
      { url: 'a', ok: true, unicodePwd: s(3, 'T2') },
      { url: 'b', ok: false, error: 'unreachable' },
    ],
    'unicodePwd',
  );
  assert.equal(down.converged, false);
});
