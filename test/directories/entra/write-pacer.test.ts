import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WritePacer, type PacerClock } from '../../../src/directories/entra/write-pacer.ts';

/** A manual clock: sleeping advances time at once, so pacing is checked without waiting. */
function fakeClock(): PacerClock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

async function sendFor(pacer: WritePacer, clock: { t: number }, untilMs: number, batch = 20): Promise<number[]> {
  const times: number[] = [];
  while (clock.t < untilMs) {
    await pacer.take(batch);
    for (let i = 0; i < batch; i += 1) times.push(clock.t);
  }
  return times;
}

describe('write pacer', () => {
  it('sustains just below the quota and never exceeds it in any window of the quota length', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer({ limit: 3000, windowMs: 150_000 }, { clock });
    const times = await sendFor(pacer, clock, 600_000);
    const rate = times.length / (600_000 / 150_000) / 3000;
    assert.ok(rate > 0.95 && rate <= 1, `rate ${rate}`);
    let j = 0;
    for (let i = 0; i < times.length; i += 1) {
      while ((times[i] as number) - (times[j] as number) >= 150_000) j += 1;
      assert.ok(i - j + 1 <= 3000, `window ending at ${times[i]} holds ${i - j + 1} writes`);
    }
  });

  it('a 429 pauses for Retry-After and slows down; the rate then creeps back', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer({ limit: 3000, windowMs: 150_000 }, { clock });
    await pacer.take(20);
    const before = pacer.fraction;
    pacer.feedback({ status: 429, retryAfterSeconds: 7 });
    const at = clock.t;
    await pacer.take(1);
    assert.ok(clock.t - at >= 7000, `waited ${clock.t - at} ms`);
    assert.ok(pacer.fraction < before);
    for (let i = 0; i < 2000; i += 1) pacer.feedback({ status: 204 });
    assert.equal(pacer.fraction, before);
  });

  it('a quota found full (x-ms-throttle-limit-percentage exactly 1) holds the rate: every write is still admitted', () => {
    const clock = fakeClock();
    const pacer = new WritePacer({ limit: 3000, windowMs: 150_000 }, { clock });
    const start = pacer.fraction;
    for (let i = 0; i < 500; i += 1) {
      clock.t += 1000;
      pacer.feedback({ status: 204, limitPercentage: 1 });
    }
    assert.equal(pacer.stats.slowDowns, 0);
    assert.equal(pacer.fraction, start);
  });

  it('x-ms-throttle-limit-percentage above 1 slows down once per slice of the window, not once per answer', () => {
    const clock = fakeClock();
    const pacer = new WritePacer({ limit: 3000, windowMs: 150_000 }, { clock });
    const start = pacer.fraction;
    for (let i = 0; i < 50; i += 1) pacer.feedback({ status: 204, limitPercentage: 1.2 });
    assert.equal(pacer.stats.slowDowns, 1);
    assert.ok(Math.abs(pacer.fraction - start * 0.95) < 1e-9);
    pacer.feedback({ status: 204, limitPercentage: 0.85 });
    assert.ok(pacer.fraction > start * 0.95);
  });

  it('serves callers in order', async () => {
    const clock = fakeClock();
    const pacer = new WritePacer({ limit: 100, windowMs: 1000 }, { clock });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => pacer.take(20).then(() => order.push(n))));
    assert.deepEqual(order, [1, 2, 3, 4]);
  });
});
