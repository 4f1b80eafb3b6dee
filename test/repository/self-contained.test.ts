// The repository is self-contained: a copy of it in a folder with no siblings passes the tests that
// read reference data (vendored under docs/reference), and no file names a path beside it. Before
// this, two emulator tests read the sibling `shared` folder and a fresh clone failed them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { copyRepository, type RepositoryCopy } from './support/copy-repository.ts';
import { outsidePathsIn, pathsOutsideRepository } from './support/paths-outside-repository.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let copy: RepositoryCopy;
before(() => {
  copy = copyRepository(root);
});
after(() => copy.remove());

/** Unit test files that read the vendored reference data (directly or through a support file). */
function referenceReadingTests(files: string[]): string[] {
  const readers = files.filter(
    (f) => f.includes(`${copy.root}/test/`) && /\.ts$/.test(f) && readFileSync(f, 'utf8').includes('docs/reference/'),
  );
  const supportNames = readers
    .filter((f) => !f.endsWith('.test.ts'))
    .map((f) => f.split('/').pop()!.replace(/\.ts$/, '.ts'));
  const users = files.filter(
    (f) => f.endsWith('.test.ts') && supportNames.some((name) => readFileSync(f, 'utf8').includes(`/${name}'`)),
  );
  return [...new Set([...readers.filter((f) => f.endsWith('.test.ts')), ...users])].filter(
    (f) => !f.endsWith('.lab.test.ts') && !f.endsWith('self-contained.test.ts'),
  );
}

describe('a copy of the repository with no sibling folders', () => {
  it('has nothing beside it', () => {
    assert.deepEqual(readdirSync(dirname(copy.root)), ['reclaim']);
  });

  it('names no path outside itself in any source, test, bench or script file', () => {
    assert.deepEqual(pathsOutsideRepository(copy.root, copy.files), []);
  });

  it('passes the tests that read the vendored reference data, run from the copy', () => {
    const tests = referenceReadingTests(copy.files).map((f) => relative(copy.root, f));
    assert.ok(
      tests.includes('test/lab/graph/golden-examples.test.ts') && tests.includes('test/lab/graph/conformance.test.ts'),
      `found ${tests.join(', ')}`,
    );
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS; // the copy's runner preloads its own tsx and loopback guard
    delete env.NODE_TEST_CONTEXT; // a nested `node --test` must report to its own output, not to ours
    const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', '--unit', ...tests], {
      cwd: copy.root,
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const summary = /# pass (\d+)\n# fail (\d+)/.exec(run.stdout);
    assert.equal(
      run.status,
      0,
      `the tests failed in the copy:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`,
    );
    assert.ok(
      summary && Number(summary[1]) > 0 && summary[2] === '0',
      `no passing tests reported:\n${run.stdout.slice(-2000)}`,
    );
  });
});

describe('the outside-path check', () => {
  it('catches the reads of the sibling shared folder it replaced', () => {
    // Built here so that this file does not itself hold the lines it proves are caught.
    const up = (n: number) => '../'.repeat(n);
    const golden = `const doc = readFileSync(resolve(fileURLToPath(import.meta.url), '${up(5)}shared/docs/graph.md'), 'utf8');`;
    const schema = `export const referenceFile = resolve(repoRoot, '${up(1)}shared/reference/graph-v1-subset.json');`;
    assert.equal(outsidePathsIn('test/lab/graph/golden-examples.test.ts', golden).length, 1);
    assert.equal(outsidePathsIn('test/lab/graph/support/reference-schema.ts', schema).length, 1);
  });

  it('accepts imports and the repository root reached from a file', () => {
    const lines = [
      "import { x } from '../../../src/core/secret.ts';",
      "const root = resolve(fileURLToPath(import.meta.url), '../../../..');",
    ].join('\n');
    assert.deepEqual(outsidePathsIn('test/server/support/console-fixture.ts', lines), []);
  });
});
