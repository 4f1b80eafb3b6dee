// `reclaim key create FILE`: writes a new password key (engine.passwordKey): 32 random bytes,
// base64url, mode 0600, never overwriting an existing file.
import { Command } from 'commander';
import { createPasswordKeyFile } from '../../app/config/password-key.ts';
import { printResult } from '../output.ts';

export function keyCommand(): Command {
  const key = new Command('key').description('the password key reset passwords are derived from (engine.passwordKey)');
  key
    .command('create <file>')
    .description(
      'write a new random key (256 bits) to FILE, readable by its owner only; an existing file is never overwritten',
    )
    .option('--json', 'print the result as JSON')
    .action((file: string, flags: { json?: boolean }) => {
      const created = createPasswordKeyFile(file);
      printResult(
        created,
        flags.json,
        (r) =>
          `wrote a ${r.bits}-bit key to ${r.file} (mode 0600). ` +
          `Set engine.passwordKey: "file:${r.file}". ` +
          `Back it up offline: every reset of a campaign started with it needs it.`,
      );
    });
  return key;
}
