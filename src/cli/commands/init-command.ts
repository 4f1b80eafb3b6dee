import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { starterConfig } from '../../app/config/starter-config.ts';
import { writeFileAtomic } from '../../app/write-file-atomic.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { globalOptions } from '../global-options.ts';
import { printResult } from '../output.ts';

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starter configuration')
    .option('--force', 'overwrite an existing file')
    .option('--json', 'print the result as JSON')
    .action((flags: { force?: boolean; json?: boolean }, command: Command) => {
      const file = globalOptions(command).config;
      if (existsSync(file) && !flags.force) {
        throw new ExitError(
          EXIT.REFUSED,
          `${file} already exists; use --force to overwrite it`,
          'CONFIRMATION_REQUIRED',
        );
      }
      writeFileAtomic(file, starterConfig);
      printResult(
        { written: file },
        flags.json,
        () =>
          `wrote ${file}; edit it, create the password key it names (reclaim key create /etc/reclaim/reclaim.key), then run: reclaim config check`,
      );
    });
}
