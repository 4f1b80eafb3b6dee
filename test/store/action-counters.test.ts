// The action counters on SQLite: a new store file per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { actionCountersSuite } from './support/action-counters-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-counters-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

actionCountersSuite('sqlite', async () => `sqlite:${join(dir, `store-${(n += 1)}.sqlite`)}`);
