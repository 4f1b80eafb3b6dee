// verifyCampaign reads a plan that comes in pages: reads stay `concurrency` in flight across page
// boundaries, each page's verified people are handed back once (one page at a time), progress
// counts the people verified elsewhere, and a page that cannot be read fails the verification.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CredentialState } from '../../src/core/action.ts';
import { ReclaimError } from '../../src/core/errors/reclaim-error.ts';
import type { Directory } from '../../src/directories/directory-port.ts';
import { verifyCampaign, type VerifyPage, type VerifyTarget } from '../../src/engine/verify-campaign.ts';

const t0 = '2026-11-26T09:00:00.000Z';

/** Person i changed after T0 unless i % 5 === 0 (must change pending); reads take a few ms. */
function slowDirectory() {
  const seen = { inFlight: 0, maxInFlight: 0, reads: 0 };
  const directory: Directory = {
    id: 'corp',
    kind: 'ad',
    supports: [],
    async *discover() {},
    async apply() {
      throw new Error('read-only');
    },
    async readCredentialState(ref): Promise<CredentialState> {
      seen.reads++;
      seen.maxInFlight = Math.max(seen.maxInFlight, ++seen.inFlight);
      await new Promise((r) => setTimeout(r, 3));
      seen.inFlight--;
      const pending = Number(ref.key.slice(2)) % 5 === 0;
      return {
        exists: true,
        enabled: true,
        mustChangePassword: pending,
        passwordLastSetAt: pending ? null : '2026-11-26T10:00:00.000Z',
      };
    },
    async close() {},
  };
  return { directory, seen };
}

const target = (i: number): VerifyTarget => ({
  wave: 1 + Math.floor(i / 10),
  treatment: 'requireChange',
  sides: [{ directory: 'corp', key: `k-${i}`, name: `user${i}` }],
});

async function* pagesOf(count: number, size: number, elsewhere = 0): AsyncGenerator<VerifyPage> {
  for (let i = 0; i < count; i += size)
    yield { targets: Array.from({ length: Math.min(size, count - i) }, (_, j) => target(i + j)), elsewhere };
}

describe('verifyCampaign over pages', () => {
  it('keeps eight reads in flight across pages of three, and hands back each page once', async () => {
    const { directory, seen } = slowDirectory();
    const handed: string[][] = [];
    let handing = 0;
    let overlapped = false;
    const progress: Array<[number, number]> = [];
    const found: string[][] = [];
    const result = await verifyCampaign({
      pages: pagesOf(40, 3, 1),
      total: 54,
      t0,
      directories: new Map([['corp', directory]]),
      onProgress: (done, total) => progress.push([done, total]),
      onVerified: async (people) => {
        overlapped ||= handing > 0;
        handing++;
        await new Promise((r) => setTimeout(r, 2));
        handed.push(people.map((p) => p.sides[0]!.key));
        handing--;
      },
      onFindings: async ({ missed, reset }) => {
        assert.deepEqual(reset, []);
        found.push(missed.map((m) => m.key));
      },
    });
    assert.equal(seen.maxInFlight, 8, 'the pages do not serialize the reads');
    assert.equal(seen.reads, 40);
    assert.deepEqual([result.checked, result.changed, result.missed, result.reset], [40, 32, 8, 0]);
    assert.equal(overlapped, false, 'one page handed back at a time');
    assert.equal(handed.length, 14, 'handed back per page (each has someone verified), never the whole plan');
    const verifiedKeys = Array.from({ length: 40 }, (_, i) => i)
      .filter((i) => i % 5 !== 0)
      .map((i) => `k-${i}`);
    assert.deepEqual(handed.flat().sort(), verifiedKeys.sort(), 'every verified person handed back once');
    assert.deepEqual(progress.at(-1), [54, 54], 'the people verified elsewhere count as done');
    assert.ok(progress.every(([done], i) => i === 0 || done > progress[i - 1]![0]));
    assert.deepEqual(
      found.flat().sort((a, b) => Number(a.slice(2)) - Number(b.slice(2))),
      ['k-0', 'k-5', 'k-10', 'k-15', 'k-20', 'k-25', 'k-30', 'k-35'],
      'each missed person handed on once',
    );
    assert.ok(
      found.every((keys) => keys.length <= 3),
      'handed on per page (the answer keeps none of them)',
    );
    assert.deepEqual(Object.keys(result).sort(), ['changed', 'checked', 'missed', 'reset', 't0']);
  });

  it('fails when a page cannot be read, and reads nothing of the pages after it', async () => {
    const { directory, seen } = slowDirectory();
    async function* broken(): AsyncGenerator<VerifyPage> {
      yield* pagesOf(6, 3);
      throw new ReclaimError('STORE_UNAVAILABLE', 'the store went away');
    }
    await assert.rejects(
      verifyCampaign({ pages: broken(), total: 9, t0, directories: new Map([['corp', directory]]) }),
      { code: 'STORE_UNAVAILABLE' },
    );
    assert.ok(seen.reads <= 6, `read ${seen.reads}`);
  });
});
