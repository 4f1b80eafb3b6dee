#!/usr/bin/env node
// The `reclaim` entry point, the only file that calls process.exit.
//
// Fast start (bench/cli-start.ts): only commander and command-list.ts are loaded up front. The
// module of the one command being run is imported when the arguments name it (`reclaim status`,
// `reclaim help status`); every other command is listed in the root help from its command-list
// entry, without importing it. To add a command, add an entry to command-list.ts; nothing here
// changes.
//
// Every loaded command gets the root's error handling (exitOverride): a usage error at any depth
// (unknown option, missing argument) is thrown as a CommanderError here and exits 2.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { commandList } from './command-list.ts';
import { EXIT } from './exit-codes.ts';
import { commandPath } from './command-path.ts';
import { helpExamples, withHelpExamples } from './help-examples.ts';
import { printJsonError, reportError } from './report-error.ts';
import { requestedCommand } from './requested-command.ts';

// SAFETY: a reader that goes away (`reclaim audit list | head -1`) closes the pipe. Its EPIPE is
// not an error of the command: the rest of the output is dropped and the command still completes,
// so a closed pipe never stops a command halfway through its writes.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

const args = process.argv.slice(2);
const debug = args.includes('--debug');
// Under --json a failure is reported as one JSON object on stderr (report-error.ts), usage errors
// included: commander's own text (the message and the help after it) is then left out.
const json = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined).includes('--json');

const program = new Command('reclaim')
  .description('Mass password reset during a security incident, across Active Directory and Entra ID')
  .option('-c, --config <file>', 'configuration file', process.env.RECLAIM_CONFIG ?? 'reclaim.yaml')
  .option('--debug', 'print stack traces of errors');
withRootErrorHandling(program);
program.addHelpText('after', `\nExamples:\n${(helpExamples[''] ?? []).map((e) => `  ${e}`).join('\n')}\n`);

/** The root's usage-error handling for a command and all its subcommands (addCommand does not copy it). */
function withRootErrorHandling(command: Command): Command {
  command.exitOverride().showHelpAfterError();
  if (json) command.configureOutput({ outputError: () => undefined, writeErr: () => undefined });
  for (const sub of command.commands) withRootErrorHandling(sub);
  return command;
}

let code: number = EXIT.OK;
try {
  const wanted = requestedCommand(program, args);
  // Only without a command: `reclaim approve --version ID` names a plan version, not Reclaim's
  // (commander would otherwise let the root's --version win anywhere on the line).
  if (wanted === undefined) program.version(version, '-V, --version', 'print the version of Reclaim');
  for (const entry of commandList) {
    if (entry.name === wanted)
      program.addCommand(withHelpExamples(withRootErrorHandling(await entry.load()), [entry.name]));
    else {
      program
        .command(entry.name)
        .description(entry.description)
        .action(() => {
          throw new Error(`the command "${entry.name}" was run without being loaded`);
        });
    }
  }
  await program.parseAsync(process.argv);
} catch (error) {
  const command = commandPath(program, args);
  if (error instanceof CommanderError) {
    code = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE_OR_CONFIG;
    if (code !== EXIT.OK && json) {
      const message = error.message.replace(/^error: /, '');
      printJsonError({ code: 'USAGE_INVALID', message, where: command, details: [], exit: EXIT.USAGE_OR_CONFIG });
    }
  } else {
    code = reportError(error, { debug, json, command });
  }
}
process.exitCode = code;
// Let open handles close on their own; a command that leaves one open would hang the CLI, so end anyway.
setTimeout(() => process.exit(code), 200).unref();
