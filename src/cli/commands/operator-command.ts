// `reclaim operator add NAME --role R`: a console account. Prints the initial password and the TOTP
// enrolment URI once (to hand over out of band); only their hash / an encrypted secret are stored.
import { Command, Option } from 'commander';
import { addOperatorAccount } from '../../app/console/add-operator-account.ts';
import { setOperatorOidcAccess } from '../../app/console/set-operator-oidc-access.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { operatorRoles, type OperatorRole } from '../../store/database.ts';
import { printResult } from '../output.ts';
import { withApp, type OperatorFlags } from './command-app.ts';

export function operatorCommand(): Command {
  const command = new Command('operator').description('console operator accounts');
  command
    .command('add <username>')
    .description('create a console account; prints its initial password and TOTP enrolment URI once')
    .addOption(new Option('--role <role>', 'what the account may do').choices(operatorRoles as string[]).makeOptionMandatory())
    .option('--display-name <name>', 'the person\'s name')
    .option('--as <operator>', 'who is acting (recorded in the audit log)')
    .option('--json', 'print JSON to stdout')
    .action(async (username: string, flags: OperatorFlags & { role: OperatorRole; displayName?: string }, cmd: Command) => {
      const created = await withApp(cmd, flags, (app) => addOperatorAccount(app, { username, role: flags.role, ...(flags.displayName ? { displayName: flags.displayName } : {}) }));
      // SAFETY: shown once, here, to the administrator creating the account; never stored in clear.
      const shown = { id: created.id, username: created.username, role: created.role, initialPassword: created.password.reveal(), totpEnrolmentUri: created.enrolmentUri.reveal() };
      printResult(shown, flags.json, (r) => [`operator ${r.username} (${r.role}) created`, `  initial password: ${r.initialPassword}`, `  TOTP enrolment (scan once): ${r.totpEnrolmentUri}`].join('\n'));
    });
  command
    .command('oidc <username>')
    .description('allow (--enable) or withdraw (--disable) OIDC single sign-on for a console account (console.oidc in the config)')
    .option('--enable', 'the account may also sign in through the configured identity provider')
    .option('--disable', 'password and one-time code only; ends the account\'s OIDC sessions')
    .option('--as <operator>', 'who is acting (recorded in the audit log)')
    .option('--json', 'print JSON to stdout')
    .action(async (username: string, flags: OperatorFlags & { enable?: boolean; disable?: boolean }, cmd: Command) => {
      if (flags.enable === flags.disable) throw new ReclaimError('USAGE_INVALID', 'give exactly one of --enable or --disable');
      const result = await withApp(cmd, flags, (app) => setOperatorOidcAccess(app, { username, enabled: flags.enable === true }));
      printResult(result, flags.json, (r) => `operator ${r.username}: OIDC sign-in ${r.oidc ? 'allowed' : 'withdrawn'}${r.oidc && !r.configured ? ' (console.oidc is not configured or switched off: no effect until it is)' : ''}`);
    });
  return command;
}
