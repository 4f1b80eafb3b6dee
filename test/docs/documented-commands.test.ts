// The commands the documents tell an operator to type exist, with the options they are given: every
// `reclaim ...` line in a code block of docs/runbook.md and docs/permissions.md is checked against
// the CLI's own command tree (subcommands and their options), so a renamed command or option fails
// here instead of on the incident day.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { commandList } from '../../src/cli/command-list.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const documents = ['docs/runbook.md', 'docs/permissions.md'];
const globalOptions = new Map([
  ['-c', 1],
  ['--config', 1],
  ['--debug', 0],
]);

/** The `reclaim ...` lines of the document's fenced code blocks (comments and shell prompts removed) and inline code spans. */
export function documentedCommands(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const fenced = blocks
    .flatMap((block) => block.split('\n'))
    .map((line) =>
      line
        .replace(/\s#\s.*$/, '')
        .replace(/^\s*\$\s+/, '')
        .trim(),
    );
  const inline = [...markdown.replace(/```[a-z]*\n[\s\S]*?```/g, '').matchAll(/`(reclaim [^`]+)`/g)].map(
    (m) => m[1] as string,
  );
  return [...fenced, ...inline].filter((line) => line.startsWith('reclaim '));
}

function tokens(line: string): string[] {
  return (line.match(/"[^"]*"|'[^']*'|\S+/g) ?? [])
    .map((t) => t.replace(/^\[|\]$/g, ''))
    .filter((t) => t !== '' && t !== '|' && !t.startsWith('>'));
}

/** Problems with one documented line: an unknown subcommand or an option the command does not have. */
export function checkCommand(program: Command, line: string): string[] {
  const words = tokens(line).slice(1);
  let command = program;
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    const skip = globalOptions.get(word.split('=')[0] as string);
    if (skip !== undefined) {
      i += word.includes('=') ? 0 : skip;
      continue;
    }
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
  }
  // `reclaim plan --start ...` runs the default subcommand (plan create)
  const fallback = (command as unknown as { _defaultCommandName?: string })._defaultCommandName;
  if (fallback) command = command.commands.find((c) => c.name() === fallback) ?? command;
  if (command === program) return [`${line}: no such command`];
  const known = new Set([
    '--help',
    '-h',
    ...command.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f)),
  ]);
  return words
    .slice(i)
    .filter((w) => w.startsWith('-') && !known.has(w.split('=')[0] as string))
    .map((w) => `${line}: ${command.name()} has no option ${w}`);
}

async function program(): Promise<Command> {
  const p = new Command('reclaim').option('-c, --config <file>').option('--debug');
  for (const entry of commandList) p.addCommand(await entry.load());
  return p;
}

describe('commands in the documents', () => {
  for (const document of documents) {
    it(`${document}: every reclaim command and option exists`, async () => {
      const lines = documentedCommands(readFileSync(join(root, document), 'utf8'));
      assert.ok(lines.length > 0, `${document} has no reclaim command in a code block`);
      const tree = await program();
      assert.deepEqual(
        lines.flatMap((line) => checkCommand(tree, line)),
        [],
      );
    });
  }

  it('catches a renamed command and an unknown option', async () => {
    const tree = await program();
    assert.deepEqual(checkCommand(tree, 'reclaim enforse --yes'), ['reclaim enforse --yes: no such command']);
    assert.deepEqual(checkCommand(tree, 'reclaim plan show --dryrun'), [
      'reclaim plan show --dryrun: show has no option --dryrun',
    ]);
    assert.deepEqual(checkCommand(tree, 'reclaim -c other.yaml krbtgt reset --yes'), []);
  });
});
