// Runs `reclaim ARGS` and returns its exit code (main.ts exits with it; tests call it in process).
//
// Fast start (bench/cli-start.ts): only commander and command-list.ts are loaded up front. The
// module of the one command being run is imported when the arguments name it (`reclaim status`,
// `reclaim help status`); every other command is listed in the root help from its command-list
// entry, without importing it. To add a command, add an entry to command-list.ts (and its examples
// to help-examples.ts); nothing here changes.
//
// Every loaded command gets the root's error handling (exitOverride): a usage error at any depth
// (unknown option, missing argument) is thrown as a CommanderError here and exits 2. Under --json
// a failure is reported as one JSON object on stderr (report-error.ts), usage errors included:
// commander's own text (the message and the help after it) is then left out.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { commandList } from './command-list.ts';
import { commandPath } from './command-path.ts';
import { EXIT } from './exit-codes.ts';
import { helpExamples, withHelpExamples } from './help-examples.ts';
import { printJsonError, reportError } from './report-error.ts';
import { requestedCommand } from './requested-command.ts';

export async function runCli(args: readonly string[], output: OutputConfiguration = {}): Promise<number> {
  const debug = args.includes('--debug');
  const json = args.slice(0, args.includes('--') ? args.indexOf('--') : undefined).includes('--json');
  const commanderOutput: OutputConfiguration = json
    ? { ...output, outputError: () => undefined, writeErr: () => undefined }
    : output;
  /** The root's usage-error handling for a command and all its subcommands (addCommand does not copy it). */
  const withRootErrorHandling = (command: Command): Command => {
    command.exitOverride().showHelpAfterError().configureOutput(commanderOutput);
    for (const sub of command.commands) withRootErrorHandling(sub);
    return command;
  };

  const program = withRootErrorHandling(
    new Command('reclaim')
      .description('Mass password reset during a security incident, across Active Directory and Entra ID')
      .option('-c, --config <file>', 'configuration file', process.env.RECLAIM_CONFIG ?? 'reclaim.yaml')
      .option('--debug', 'print stack traces of errors'),
  );
  program.addHelpText('after', `\nExamples:\n${(helpExamples[''] ?? []).map((e) => `  ${e}`).join('\n')}\n`);
  try {
    const wanted = requestedCommand(program, args);
    // Only without a command: `reclaim approve --version ID` names a plan version, not Reclaim's
    // (commander would otherwise let the root's --version win anywhere on the line).
    if (wanted === undefined) program.version(packageVersion(), '-V, --version', 'print the version of Reclaim');
    for (const entry of commandList) {
      if (entry.name === wanted) {
        program.addCommand(withHelpExamples(withRootErrorHandling(await entry.load()), [entry.name]));
      } else {
        program
          .command(entry.name)
          .description(entry.description)
          .action(() => {
            throw new Error(`the command "${entry.name}" was run without being loaded`);
          });
      }
    }
    await program.parseAsync(args, { from: 'user' });
    return EXIT.OK;
  } catch (error) {
    const command = commandPath(program, args);
    if (!(error instanceof CommanderError)) return reportError(error, { debug, json, command });
    if (error.exitCode === 0) return EXIT.OK;
    if (json) {
      const message = error.message.replace(/^error: /, '');
      printJsonError({ code: 'USAGE_INVALID', message, where: command, details: [], exit: EXIT.USAGE_OR_CONFIG });
    }
    return EXIT.USAGE_OR_CONFIG;
  }
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;
}
