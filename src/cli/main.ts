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
import { reportError } from './report-error.ts';
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

const program = new Command('reclaim')
  .description('Mass password reset during a security incident, across Active Directory and Entra ID')
  .option('-c, --config <file>', 'configuration file', process.env.RECLAIM_CONFIG ?? 'reclaim.yaml')
  .option('--debug', 'print stack traces of errors')
  .showHelpAfterError()
  .exitOverride();

/** The root's usage-error handling for a command and all its subcommands (addCommand does not copy it). */
function withRootErrorHandling(command: Command): Command {
  command.exitOverride().showHelpAfterError();
  for (const sub of command.commands) withRootErrorHandling(sub);
  return command;
}

const debug = process.argv.includes('--debug');
let code: number = EXIT.OK;
try {
  const wanted = requestedCommand(program, process.argv.slice(2));
  // Only without a command: `reclaim approve --version ID` names a plan version, not Reclaim's
  // (commander would otherwise let the root's --version win anywhere on the line).
  if (wanted === undefined) program.version(version, '-V, --version', 'print the version of Reclaim');
  for (const entry of commandList) {
    if (entry.name === wanted) program.addCommand(withRootErrorHandling(await entry.load()));
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
  if (error instanceof CommanderError) {
    code = error.exitCode === 0 ? EXIT.OK : EXIT.USAGE_OR_CONFIG;
  } else {
    code = reportError(error, debug);
  }
}
process.exitCode = code;
// Let open handles close on their own; a command that leaves one open would hang the CLI, so end anyway.
setTimeout(() => process.exit(code), 200).unref();
