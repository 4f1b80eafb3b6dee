// The store contract over SQLite: a new file in a temporary folder for every store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { storeContract } from './store-contract.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-store-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

storeContract({
  name: 'sqlite',
  freshUrl: async () => `sqlite:${join(dir, `store-${(n += 1)}.sqlite`)}`,
});
