// `reclaim audit verify`: re-computes the hash chain of the audit log.
import { Command } from 'commander';
import { verifyAuditChain } from '../../store/audit/verify-audit-chain.ts';
import { EXIT } from '../exit-codes.ts';
import { ExitError } from '../exit-error.ts';
import { printResult } from '../output.ts';
import { withApp, type OperatorFlags } from './command-app.ts';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the hash-chained audit log');
  audit
    .command('verify')
    .description('check every link of the audit chain (exit 3 when broken)')
    .option('--json', 'print JSON to stdout')
    .action(async (flags: OperatorFlags, command: Command) => {
      const result = await withApp(command, flags, async (app) => verifyAuditChain(await app.store()));
      printResult(result, flags.json, (r) =>
        r.ok
          ? `audit log intact: ${r.entries} entries, head ${r.headHash.slice(0, 16)}`
          : `audit log BROKEN at entry ${r.brokenSeq} (${r.reason}); ${r.entries} entries verified before it`,
      );
      if (!result.ok)
        throw new ExitError(EXIT.SOME_IDENTITIES_FAILED, `the audit log is broken at entry ${result.brokenSeq}`);
    });
  return audit;
}
