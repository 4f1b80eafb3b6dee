// Dependencies point inward: src/core imports nothing else of the project and nothing of Node
// (no clock, randomness or environment either), and only the CLI imports the CLI.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const importPattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((m) => (m[1] ?? m[2]) as string);
}

const builtins = new Set(builtinModules);

describe('import boundaries', () => {
  it('src/core imports no other project folder and no Node module', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(join(src, 'core'))) {
      for (const spec of importsOf(file)) {
        const where = relative(root, file);
        if (spec.startsWith('node:') || builtins.has(spec.split('/')[0] ?? ''))
          problems.push(`${where} imports ${spec}`);
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(join(src, 'core'))) problems.push(`${where} imports ${spec} (outside src/core)`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('src/core reads no clock, randomness or environment', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(join(src, 'core'))) {
      const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
      for (const banned of ['Date.now(', 'new Date()', 'Math.random(', 'process.env', 'crypto.randomUUID(']) {
        if (text.includes(banned)) problems.push(`${relative(root, file)} uses ${banned}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('only src/cli imports src/cli', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(src)) {
      if (file.startsWith(join(src, 'cli'))) continue;
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(src, 'cli'))) {
          problems.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('nothing below the console imports src/server (app, engine, store, directories, notify, reports, core)', () => {
    const problems: string[] = [];
    for (const layer of ['app', 'engine', 'store', 'directories', 'notify', 'reports', 'core']) {
      for (const file of sourceFiles(join(src, layer))) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(join(src, 'server')))
            problems.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
