// The reports limit (5 per 10 s) shared by two discovery passes: the registration report and the
// sign-in activity (also 10 a minute of its own). A virtual clock: sleeping moves time on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EvenPacer } from '../../../src/directories/entra/even-pacer.ts';

function virtualClock() {
  let now = 0;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  return {
    now: () => now,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        timers.push({ at: now + ms, resolve });
      }),
    /** runs every sleeper in time order until none is left */
    async run() {
      for (;;) {
        await new Promise((r) => setImmediate(r));
        if (timers.length === 0) return;
        timers.sort((a, b) => a.at - b.at);
        const t = timers.shift()!;
        now = Math.max(now, t.at);
        t.resolve();
      }
    },
  };
}

describe('even pacer', () => {
  it('two passes sharing the reports limit never exceed it together, and the sign-in pass keeps its own', async () => {
    const clock = virtualClock();
    const reports = new EvenPacer({ requests: 5, windowMs: 10_000 }, clock);
    const signIn = new EvenPacer({ requests: 10, windowMs: 60_000 }, clock);
    const calls: Array<{ pass: string; at: number }> = [];
    const registrationPass = (async () => {
      for (let i = 0; i < 30; i++) {
        await reports.take();
        calls.push({ pass: 'registrations', at: clock.now() });
      }
    })();
    const signInPass = (async () => {
      for (let i = 0; i < 6; i++) {
        await signIn.take();
        await reports.take();
        calls.push({ pass: 'signIns', at: clock.now() });
      }
    })();
    await clock.run();
    await Promise.all([registrationPass, signInPass]);
    const all = calls.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 5; i < all.length; i++)
      assert.ok(all[i]! - all[i - 5]! >= 10_000, `6 report calls within ${all[i]! - all[i - 5]!} ms`);
    const signIns = calls.filter((c) => c.pass === 'signIns').map((c) => c.at);
    for (let i = 10; i < signIns.length; i++) assert.ok(signIns[i]! - signIns[i - 10]! >= 60_000);
    for (let i = 1; i < signIns.length; i++) assert.ok(signIns[i]! - signIns[i - 1]! >= 6_000);
    // together in the time of 36 paced calls, not 30 + 6 sign-in minutes apart
    assert.ok(all.at(-1)! <= 36 * 2_100, `finished at ${all.at(-1)} ms`);
  });
});
