// The journal tallies on SQLite: a new store file per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { journalTalliesSuite } from './support/journal-tallies-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-tallies-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

journalTalliesSuite('sqlite', async () => `sqlite:${join(dir, `store-${(n += 1)}.sqlite`)}`);
