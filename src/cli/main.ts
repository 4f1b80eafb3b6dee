#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { commandList } from './command-list.ts';
import { EXIT } from './exit-codes.ts';
import { reportError } from './report-error.ts';

const program = new Command('reclaim')
  .description('Mass password reset during a security incident, across Active Directory and Entra ID')
  .option('-c, --config <file>', 'configuration file', process.env.RECLAIM_CONFIG ?? 'reclaim.yaml')
  .option('--debug', 'print stack traces of errors')
  .showHelpAfterError()
  .exitOverride();

for (const make of commandList) program.addCommand(make());

const debug = process.argv.includes('--debug');
let code: number = EXIT.OK;
try {
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
