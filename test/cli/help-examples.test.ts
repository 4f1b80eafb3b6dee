// Every command and subcommand of `reclaim` prints an "Examples:" section in its --help and exits 0
// (src/cli/help-examples.ts). The command tree is walked from the command list, so a command added
// without examples fails here. Each --help runs through runCli (what bin/reclaim.mjs runs) in this
// process; the root, a command and a subcommand also through the real CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { commandList } from '../../src/cli/command-list.ts';
import { helpExamples } from '../../src/cli/help-examples.ts';
import { runCli } from '../../src/cli/run-cli.ts';

async function commandPaths(): Promise<string[][]> {
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    paths.push(path);
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  for (const entry of commandList) walk(await entry.load(), [entry.name]);
  return paths;
}

/** `reclaim PATH --help` in this process (run-cli.ts, what bin/reclaim.mjs runs), its help captured. */
async function help(path: string[]): Promise<{ status: number; stdout: string }> {
  let stdout = '';
  const status = await runCli([...path, '--help'], {
    writeOut: (s) => {
      stdout += s;
    },
    writeErr: (s) => {
      stdout += s;
    },
  });
  return { status, stdout };
}

function spawned(args: string[]) {
  return spawnSync(process.execPath, ['bin/reclaim.mjs', ...args], { encoding: 'utf8' });
}

describe('help examples', () => {
  it('through the real CLI: the root, a command and a subcommand (also `help NAME`) print their examples and exit 0', () => {
    for (const args of [['--help'], ['pause', '--help'], ['plan', 'show', '--help'], ['help', 'operator']]) {
      const run = spawned(args);
      assert.equal(run.status, 0, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stdout, /\nExamples:\n {2}reclaim /, args.join(' '));
    }
  });

  it('every command and subcommand has examples, and no example names a command that does not exist', async () => {
    const paths = (await commandPaths()).map((p) => p.join(' '));
    assert.deepEqual(
      paths.filter((p) => !helpExamples[p]?.length),
      [],
      'commands without examples',
    );
    assert.deepEqual(
      Object.keys(helpExamples).filter((k) => k !== '' && !paths.includes(k)),
      [],
      'examples of no command',
    );
    for (const [path, examples] of Object.entries(helpExamples)) {
      for (const example of examples.filter((e) => !e.startsWith(' '))) {
        const named = example.replace(/^reclaim (-c \S+ )?/, 'reclaim ');
        assert.ok(named.startsWith(`reclaim ${path}`.trim()) || path === '', `"${example}" under "${path}"`);
      }
    }
  });

  it('`reclaim --help` and each command --help print an Examples: section and exit 0', async () => {
    const paths = [[], ...(await commandPaths())];
    const failures: string[] = [];
    for (const path of paths) {
      const run = await help(path);
      const label = ['reclaim', ...path, '--help'].join(' ');
      if (run.status !== 0) failures.push(`${label}: exit ${run.status}: ${run.stdout}`);
      else if (!/\nExamples:\n {2}reclaim /.test(run.stdout)) failures.push(`${label}: no Examples: section`);
      else if (!run.stdout.includes((helpExamples[path.join(' ')] ?? ['?'])[0]!))
        failures.push(`${label}: not its own examples`);
    }
    assert.deepEqual(failures, []);
    assert.ok(paths.length > 50, `${paths.length} commands walked`);
  });
});
