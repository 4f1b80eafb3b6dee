// The lazy command list (src/cli/command-list.ts): every entry loads the command it names, with the
// description the root help shows for it; and the root help imports no command module and no
// dependency but commander, which is what keeps `reclaim --help` fast (bench/cli-start.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { commandList } from '../../src/cli/command-list.ts';

describe('the command list', () => {
  it('every entry loads its command, with the same name and description', async () => {
    assert.equal(new Set(commandList.map((e) => e.name)).size, commandList.length, 'names are unique');
    for (const entry of commandList) {
      const command = await entry.load();
      assert.equal(command.name(), entry.name);
      assert.equal(command.description(), entry.description, `description of ${entry.name}`);
    }
  });

  it('the root help imports no command module and no dependency but commander', () => {
    // A module hook (run in Node's hooks thread) that prints every module the CLI resolves, and from where.
    const hook = `data:text/javascript,${encodeURIComponent(`
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, ' +
        'next) { const r = await next(s, c); process.stderr.write("RESOLVED " + r.url + " FROM " ' +
        '+ c.parentURL + "\\\\n"); return r; }'));
    `)}`;
    const run = spawnSync(process.execPath, ['--import', hook, 'bin/reclaim.mjs', '--help'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    // what the project's own files import (not what the packages import in turn)
    const resolved = [...run.stderr.matchAll(/^RESOLVED (\S+) FROM (\S+)$/gm)]
      .filter((m) => !m[2]!.includes('/node_modules/'))
      .map((m) => m[1]!);
    assert.ok(
      resolved.some((u) => u.endsWith('/src/cli/main.ts')),
      'the hook saw the CLI load',
    );
    const packages = new Set(resolved.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
    packages.delete('tsx'); // the loader of the sources in a clone; the package runs dist/ without it
    assert.deepEqual([...packages], ['commander']);
    assert.deepEqual(
      resolved.filter((u) => u.includes('/src/cli/commands/')),
      [],
    );
  });
});
