// The documents name files of the code base (`src/...`, `test/...`, `bench/...`, `scripts/...`):
// each one must exist, so a move or a rename cannot leave the README or docs/ pointing at nothing.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const documents = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const pathPattern =
  /\b((?:src|test|bench|scripts|docs|examples|bin)\/[A-Za-z0-9_./-]+\.(?:ts|mjs|js|json|md|yaml|cjs))\b/g;

describe('paths named in the documents', () => {
  it('every file the README and docs/*.md name exists', () => {
    const missing: string[] = [];
    let named = 0;
    for (const doc of documents) {
      const lines = readFileSync(join(root, doc), 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const m of line.matchAll(pathPattern)) {
          if (/\b[A-Z]{2,}\b/.test(m[1]!)) continue; // a placeholder: bench/NAME.ts
          named += 1;
          if (!existsSync(join(root, m[1]!))) missing.push(`${doc}:${i + 1} names ${m[1]}`);
        }
      });
    }
    assert.ok(named > 20, `expected the documents to name files, found ${named}`);
    assert.deepEqual(missing, []);
  });
});
