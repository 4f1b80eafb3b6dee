import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneAhead } from '../../../src/directories/ad/discover-users.ts';

/** A source of pages that records when each step starts and whether it was closed. */
function pages(count: number, failAt?: number) {
  const log: string[] = [];
  async function* source() {
    try {
      for (let i = 0; i < count; i++) {
        log.push(`ask ${i}`);
        await new Promise((r) => setTimeout(r, 1));
        if (i === failAt) throw new Error(`page ${i} failed`);
        yield i;
      }
    } finally {
      log.push('closed');
    }
  }
  return { log, source: source() };
}

describe('oneAhead (discovery asks for the next page while this one is handled)', () => {
  it('yields every page in order, and asks for page k+1 before page k is handled', async () => {
    const { log, source } = pages(3);
    const seen: number[] = [];
    for await (const page of oneAhead(source)) {
      log.push(`handle ${page}`);
      seen.push(page);
    }
    assert.deepEqual(seen, [0, 1, 2]);
    assert.ok(log.indexOf('ask 1') < log.indexOf('handle 0'), log.join(', '));
    assert.ok(log.indexOf('ask 2') < log.indexOf('handle 1'), log.join(', '));
    // the step after the last page ends the source (while the last page is handled)
    assert.equal(log.filter((l) => l === 'closed').length, 1);
  });

  it('closes the source when the consumer stops early', async () => {
    const { log, source } = pages(5);
    for await (const page of oneAhead(source)) if (page === 1) break;
    assert.equal(log.at(-1), 'closed');
    assert.ok(!log.includes('ask 3'), log.join(', '));
  });

  it('a failing page ahead reaches the consumer as that page, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { source } = pages(3, 1);
      const seen: number[] = [];
      await assert.rejects(async () => {
        for await (const page of oneAhead(source)) {
          seen.push(page);
          // the consumer is busy (a store write) while the page ahead fails
          await new Promise((r) => setTimeout(r, 20));
        }
      }, /page 1 failed/);
      assert.deepEqual(seen, [0]);
      await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
