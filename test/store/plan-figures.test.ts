// The plan figures kept for the dashboard on SQLite: a new store file per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { planFiguresSuite } from './support/plan-figures-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'reclaim-plan-figures-'));
let n = 0;
after(() => rmSync(dir, { recursive: true, force: true }));

planFiguresSuite('sqlite', async () => `sqlite:${join(dir, `store-${(n += 1)}.sqlite`)}`);
