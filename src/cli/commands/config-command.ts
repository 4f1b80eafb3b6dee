import { Command } from 'commander';
import { checkConfigFile } from '../../app/config/check-config-file.ts';
import { formatProblem, problemCount } from '../../app/config/load-config.ts';
import { plural } from '../../core/plural.ts';
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
          ? `${file}: OK (${plural(r.directories, 'directory', 'directories')})`
          : r.problems.map((p) => formatProblem(file, p)).join('\n'),
      );
      if (!result.ok)
        throw new ExitError(EXIT.USAGE_OR_CONFIG, `${problemCount(result.problems.length)} found`, 'CONFIG_INVALID');
    });
  return config;
}
