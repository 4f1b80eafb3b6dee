// Authentication-method calls are paced at 5 per 10 s (the reports limit the throttling page lists
// them under): the sixth call waits until the first leaves the window. A fake clock, no waiting.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MethodsPacer } from '../../../src/directories/entra/methods-pacer.ts';

describe('methods pacer', () => {
  it('lets 5 calls start in any 10 s, in arrival order', async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = new MethodsPacer(undefined, {
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      await pacer.take();
      starts.push(now);
    }
    for (let i = 5; i < starts.length; i++)
      assert.ok(
        starts[i]! - starts[i - 5]! >= 10_000,
        `call ${i} started ${starts[i]! - starts[i - 5]!} ms after call ${i - 5}`,
      );
    assert.deepEqual(starts.slice(0, 5), [0, 0, 0, 0, 0]);
    assert.ok(starts[11]! - starts[0]! < 30_000, 'no longer than the windows need');
    assert.ok(slept.length >= 2);
  });
});
