// The in-memory discovery scratch and the batching writer the Entra reports spill through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryDiscoveryScratch, scratchWriter, type DiscoveryScratch } from '../../src/core/discovery-scratch.ts';

describe('discovery scratch', () => {
  it('puts entries in batches of the given size, the later value of a key winning, the rest on flush', async () => {
    const memory = memoryDiscoveryScratch();
    const puts: number[] = [];
    const counted: DiscoveryScratch = {
      ...memory,
      put: async (report, entries) => {
        puts.push(entries.size);
        await memory.put(report, entries);
      },
    };
    const writer = scratchWriter(counted, 'r', 3);
    for (const [k, v] of [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
      ['c', '4'],
      ['d', '5'],
      ['e', '6'],
      ['a', '7'],
      ['f', '8'],
    ] as const)
      await writer.add(k, v);
    assert.deepEqual(puts, [3, 3], 'two full batches before the flush');
    await writer.flush();
    await writer.flush();
    assert.deepEqual(puts, [3, 3, 1], 'the rest once; an empty flush writes nothing');
    assert.deepEqual(
      await memory.get('r', ['a', 'b', 'c', 'd', 'e', 'f', 'z']),
      new Map([
        ['a', '7'],
        ['b', '2'],
        ['c', '4'],
        ['d', '5'],
        ['e', '6'],
        ['f', '8'],
      ]),
    );
    await memory.drop('r');
    assert.equal((await memory.get('r', ['a'])).size, 0);
  });
});
