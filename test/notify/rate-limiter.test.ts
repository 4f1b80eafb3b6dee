// The rate limiter on a simulated clock: sends of random duration, never more than `limit`
// completions in any window, and no waiting when under the limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createRateLimiter } from '../../src/notify/rate-limiter.ts';

function simulatedClock() {
  let now = 0;
  // Sleeping advances the simulated time, then yields to the event loop like a real timer would.
  const sleep = async (ms: number) => {
    now += Math.max(1, ms);
    await new Promise((r) => setImmediate(r));
  };
  return { now: () => now, sleep, advance: (ms: number) => void (now += ms) };
}

describe('rate limiter', () => {
  it('never lets more than `limit` sends complete in any window', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 10, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 30 }),
        async (limit, windowMs, durations) => {
          const clock = simulatedClock();
          const limiter = createRateLimiter({ limit, windowMs, now: clock.now, sleep: clock.sleep });
          const completions: number[] = [];
          for (const d of durations) {
            const release = await limiter.acquire();
            clock.advance(d);
            completions.push(clock.now());
            release();
          }
          for (const t of completions) {
            const inWindow = completions.filter((u) => u > t - windowMs && u <= t).length;
            assert.ok(inWindow <= limit, `${inWindow} completions in the window ending at ${t}`);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('does not wait while under the limit', async () => {
    const clock = simulatedClock();
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 3; i += 1) (await limiter.acquire())();
    assert.equal(clock.now(), 0);
    (await limiter.acquire())();
    assert.ok(clock.now() >= 60_000, 'the fourth send waited for the window');
  });

  it('serves concurrent senders in order, each counted while in flight', async () => {
    const clock = simulatedClock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    const releases = await Promise.all(
      [0, 1].map(async (i) => {
        const r = await limiter.acquire();
        order.push(i);
        return r;
      }),
    );
    const third = limiter.acquire().then((r) => {
      order.push(2);
      return r;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, [0, 1], 'the third waits while two are in flight');
    releases.forEach((r) => {
      r();
    });
    (await third)();
    assert.deepEqual(order, [0, 1, 2]);
    assert.ok(clock.now() >= 1000);
  });
});
