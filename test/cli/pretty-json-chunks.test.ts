// `verify --json` writes its answer in chunks (prettyJsonChunks) so that 100,000 listed people never
// form one string: the chunks joined are exactly JSON.stringify(value, null, 2), and a long list is
// cut between its elements into many chunks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PagedList, prettyJsonChunks } from '../../src/cli/output.ts';

async function chunksOf(value: object): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of prettyJsonChunks(value)) chunks.push(chunk);
  return chunks;
}

/** a list handed out in pages of `size`, as the store reads it */
const paged = <T>(items: T[], size: number) =>
  new PagedList(async function* () {
    for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
  });

const people = Array.from({ length: 3_000 }, (_, i) => ({
  wave: i % 4,
  identity: `O'Brien "${i}" é\n`,
  enabled: i % 3 === 0 ? null : i % 2 === 0,
  tags: i % 5 === 0 ? [] : [i, { nested: [null] }],
}));

describe('prettyJsonChunks', () => {
  it('joins to JSON.stringify(value, null, 2) for every shape a result takes', async () => {
    const values: object[] = [
      { t0: '2026-12-07T00:00:00.000Z', checked: 3, reset: [], missed: people, perDc: { dcs: [1, 2] } },
      {},
      { only: [] },
      { skipped: undefined, fn: () => 1, list: [undefined, () => 1, 3], at: new Date(0), nothing: null },
      [1, { a: [2] }],
    ];
    for (const value of values) assert.equal((await chunksOf(value)).join(''), `${JSON.stringify(value, null, 2)}\n`);
  });

  it('writes a list read in pages as the array it stands for', async () => {
    const value = { t0: 'x', reset: [], missed: people, tasks: { verified: 1 } };
    const expected = `${JSON.stringify(value, null, 2)}\n`;
    for (const size of [1, 7, 500, 5_000])
      assert.equal(
        (await chunksOf({ ...value, reset: paged([], size), missed: paged(people, size) })).join(''),
        expected,
        `pages of ${size}`,
      );
  });

  it('cuts a long list between its elements', async () => {
    const chunks = await chunksOf({ missed: paged(people, 100) });
    assert.ok(chunks.length > 5, `${chunks.length} chunks`);
    assert.ok(Math.max(...chunks.map((c) => c.length)) < 70_000, 'no chunk much over 64 KiB');
    assert.deepEqual(JSON.parse(chunks.join('')), { missed: people });
  });
});
