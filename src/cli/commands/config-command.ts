import { Command } from 'commander';
import { checkConfigFile } from '../../app/config/check-config-file.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { globalOptions } from '../global-options.ts';
import { printResult } from '../output.ts';

export function configCommand(): Command {
  const config = new Command('config').description('work with the configuration file');
  config
    .command('check')
    .description('validate the configuration file and list every problem with its line')
    .option('--json', 'print the result as JSON')
    .action((flags: { json?: boolean }, command: Command) => {
      const file = globalOptions(command).config;
      const result = checkConfigFile(file);
      printResult(result, flags.json, (r) =>
        r.ok
          ? `${file}: OK (${r.directories} directories)`
          : r.problems
              .map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top)'}: ${p.message}`)
              .join('\n'),
      );
      if (!result.ok) throw new ExitError(EXIT.USAGE_OR_CONFIG, `${result.problems.length} problem(s) found`);
    });
  return config;
}
