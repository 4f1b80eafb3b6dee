// Which command's module the CLI loads: read from the arguments before commander parses them, past
// the global options and their values; `help NAME` loads NAME; nothing for the root help.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { requestedCommand } from '../../src/cli/requested-command.ts';

const program = new Command('reclaim').option('-c, --config <file>').option('--debug');
const cases: Array<[string[], string | undefined]> = [
  [['status', '--json'], 'status'],
  [['-c', 'status', 'pause'], 'pause'], // a config file named "status"
  [['--config', 'x.yaml', '--debug', 'plan', 'show', '--dry-run'], 'plan'],
  [['--config=x.yaml', 'run', '--yes'], 'run'],
  [['help', 'operator'], 'operator'],
  [['-c', 'x.yaml', 'help', 'plan'], 'plan'],
  [['status', 'help'], 'status'],
  [['--', 'audit'], 'audit'],
  [['help'], undefined],
  [['--help'], undefined],
  [['--version'], undefined],
  [[], undefined],
];

describe('requestedCommand', () => {
  for (const [args, expected] of cases) {
    it(`reclaim ${args.join(' ')} -> ${expected ?? '(none)'}`, () => {
      assert.equal(requestedCommand(program, args), expected);
    });
  }
});
