// `reclaim operator add NAME... --role R`: console accounts. Prints the initial password and the TOTP
// enrolment URI once (to hand over out of band); only their hash / an encrypted secret are stored.
// `reclaim operator oidc NAME --enable|--disable`: OIDC sign-in for one account;
// `reclaim operator oidc-switch off|on --yes`: OIDC sign-in for every account at once (the store-held
// switch, obeyed by every running console without a restart).
import { Command, Option } from 'commander';
import { checkAccountName } from '../../app/console/add-operator-account.ts';
import { addOperatorAccounts } from '../../app/console/add-operator-accounts.ts';
import { setOperatorOidcAccess } from '../../app/console/set-operator-oidc-access.ts';
import { changeOperator, listOperators, type OperatorChange } from '../../app/operators/manage-operators.ts';
import { switchOidcSignIn, type OidcSwitchResult } from '../../app/console/switch-oidc-sign-in.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { operatorRoles, type OperatorRole } from '../../store/database.ts';
import { printResult } from '../output.ts';
import { withApp, type OperatorFlags } from './command-app.ts';
import { plural } from '../../core/plural.ts';

const done = {
  disable: 'disabled',
  enable: 'enabled',
  unlock: 'unlocked',
  reset: 'reset',
  'end-sessions': 'signed out',
} as const satisfies Record<OperatorChange, string>;

export function operatorCommand(): Command {
  const command = new Command('operator').description('console operator accounts');
  command
    .command('add <usernames...>')
    .description(
      'create console accounts; prints each initial password and TOTP enrolment URI once. ' +
        'The first account of a store must be an admin; ' +
        'later ones need a proven admin or commander (--login, or RECLAIM_OPERATOR_TOKEN)',
    )
    .addOption(
      new Option('--role <role>', 'what the accounts may do').choices(operatorRoles as string[]).makeOptionMandatory(),
    )
    .option('--display-name <name>', "the person's name (one account only)")
    .option('--as <operator>', 'a label for the audit log (proves nothing)')
    .option('--login <account>', 'prove who you are with this console account (asks its password and one-time code)')
    .option('--password-stdin', 'with --login: read the password and the one-time code as two lines of stdin')
    .option('--json', 'print JSON to stdout')
    .action(
      async (
        usernames: string[],
        flags: OperatorFlags & { role: OperatorRole; displayName?: string },
        cmd: Command,
      ) => {
        if (flags.displayName && usernames.length > 1)
          throw new ReclaimError('USAGE_INVALID', '--display-name: give one account name with it');
        // before the configuration and the store: a bad name never creates a store
        for (const username of usernames) checkAccountName(username);
        const created = await withApp(cmd, flags, (app) =>
          addOperatorAccounts(app, {
            usernames,
            role: flags.role,
            ...(flags.displayName ? { displayName: flags.displayName } : {}),
          }),
        );
        // SAFETY: shown once, here, to the administrator creating the account; never stored in clear.
        const shown = created.map((c) => ({
          id: c.id,
          username: c.username,
          role: c.role,
          initialPassword: c.password.reveal(),
          totpEnrolmentUri: c.enrolmentUri.reveal(),
        }));
        printResult(shown.length === 1 ? shown[0] : shown, flags.json, () =>
          shown
            .map((r) =>
              [
                `operator ${r.username} (${r.role}) created`,
                `  initial password: ${r.initialPassword}`,
                `  TOTP enrolment (scan once): ${r.totpEnrolmentUri}`,
              ].join('\n'),
            )
            .join('\n'),
        );
      },
    );
  command
    .command('list')
    .description(
      'the console accounts: role, state, open sessions, last use, addresses locked by failed sign-ins (proven admin or commander)',
    )
    .option('--login <account>', 'prove who you are with this console account (asks its password and one-time code)')
    .option('--password-stdin', 'with --login: read the password and the one-time code as two lines of stdin')
    .option('--json', 'print JSON to stdout')
    .action(async (flags: OperatorFlags, cmd: Command) => {
      const rows = await withApp(cmd, flags, (app) => listOperators(app));
      printResult(
        rows,
        flags.json,
        (list) =>
          list
            .map(
              (o) =>
                `${o.username.padEnd(20)} ${o.role.padEnd(10)} ${o.disabledAt ? `DISABLED since ${o.disabledAt}` : 'enabled'}` +
                `${o.oidc ? ', SSO allowed' : ''}; ${plural(o.openSessions, 'session')}` +
                `${o.lastSeenAt ? `, last used ${o.lastSeenAt}` : ''}` +
                `${o.lockedAddresses > 0 ? `; LOCKED at ${plural(o.lockedAddresses, 'address', 'addresses')}` : ''}`,
            )
            .join('\n') || 'no console accounts',
      );
    });
  const lifecycle: Array<[OperatorChange, string]> = [
    [
      'disable',
      'disable a console account and end its sessions and unused CLI tokens (not your own; not the last admin)',
    ],
    ['enable', 'enable a disabled console account again'],
    ['unlock', 'lift the sign-in locks failed attempts put on the account, at every address'],
    [
      'reset',
      'give the account a new initial password and TOTP secret (shown once), ending its sessions, tokens and locks (not your own)',
    ],
    ['end-sessions', 'sign the account out of every console session and cancel its unused CLI tokens'],
  ];
  for (const [change, description] of lifecycle) {
    command
      .command(`${change} <username>`)
      .description(`${description}; needs a proven admin or commander (an admin account: an admin)`)
      .option('--reason <text>', 'why (kept in the audit log)')
      .option('--login <account>', 'prove who you are with this console account (asks its password and one-time code)')
      .option('--password-stdin', 'with --login: read the password and the one-time code as two lines of stdin')
      .option('--json', 'print JSON to stdout')
      .action(async (username: string, flags: OperatorFlags & { reason?: string }, cmd: Command) => {
        const r = await withApp(cmd, flags, (app) =>
          changeOperator(app, { username, change, ...(flags.reason ? { reason: flags.reason } : {}) }),
        );
        // SAFETY: a reset's new password and enrolment URI are shown once, here, to the administrator.
        const shown = { ...r, password: r.password?.reveal(), enrolmentUri: r.enrolmentUri?.reveal() };
        printResult(shown, flags.json, (o) =>
          [
            `operator ${o.username}: ${done[change]}` +
              `${o.endedSessions > 0 ? `, ${plural(o.endedSessions, 'session')} ended` : ''}` +
              `${o.unlocked > 0 ? `, locks lifted at ${plural(o.unlocked, 'address', 'addresses')}` : ''}`,
            ...(o.password
              ? [`  new initial password: ${o.password}`, `  TOTP enrolment (scan once): ${o.enrolmentUri}`]
              : []),
          ].join('\n'),
        );
      });
  }
  command
    .command('oidc <username>')
    .description(
      'allow (--enable) or withdraw (--disable) OIDC single sign-on for a console account (console.oidc in the config)',
    )
    .option('--enable', 'the account may also sign in through the configured identity provider')
    .option('--disable', "password and one-time code only; ends the account's OIDC sessions")
    .option('--as <operator>', 'who is acting (recorded in the audit log)')
    .option('--json', 'print JSON to stdout')
    .action(async (username: string, flags: OperatorFlags & { enable?: boolean; disable?: boolean }, cmd: Command) => {
      if (flags.enable === flags.disable)
        throw new ReclaimError('USAGE_INVALID', 'give exactly one of --enable or --disable');
      const result = await withApp(cmd, flags, (app) =>
        setOperatorOidcAccess(app, { username, enabled: flags.enable === true }),
      );
      printResult(
        result,
        flags.json,
        (r) =>
          `operator ${r.username}: OIDC sign-in ${r.oidc ? 'allowed' : 'withdrawn'}` +
          `${r.oidc && !r.configured ? ' (console.oidc is not configured or switched off: no effect until it is)' : ''}`,
      );
    });
  command
    .command('oidc-switch <off|on>')
    .description(
      'switch OIDC single sign-on off (or on again) for every console account at once, without restarting the console (dry run unless --yes)',
    )
    .option('--reason <text>', 'why (kept in the audit log)')
    .option('--yes', 'do it (without it: a dry run saying what would change)')
    .option('--as <operator>', 'who is acting (recorded in the audit log)')
    .option('--json', 'print JSON to stdout')
    .action(async (position: string, flags: OperatorFlags & { reason?: string; yes?: boolean }, cmd: Command) => {
      if (position !== 'off' && position !== 'on')
        throw new ReclaimError('USAGE_INVALID', `oidc-switch takes off or on, not ${JSON.stringify(position)}`);
      const result = await withApp(cmd, flags, (app) =>
        switchOidcSignIn(app, {
          on: position === 'on',
          confirmed: flags.yes === true,
          ...(flags.reason ? { reason: flags.reason } : {}),
        }),
      );
      printResult(result, flags.json, (r) => renderOidcSwitch(r, position === 'on'));
    });
  return command;
}

function renderOidcSwitch(r: OidcSwitchResult, wanted: boolean): string {
  const position = (on: boolean) => (on ? 'on' : 'OFF');
  const lines: string[] = [];
  if (r.dryRun) {
    lines.push(
      `OIDC sign-in is ${position(r.on)}${r.changedBy ? ` (switched by ${r.changedBy} at ${r.changedAt}${r.reason ? `: ${r.reason}` : ''})` : ''}`,
    );
    lines.push(
      wanted
        ? '  would switch it on: accounts with OIDC allowed could sign in by SSO again'
        : `  would switch it off and end ${plural(r.endedSessions, 'OIDC session')}; password + one-time code sign-in stays`,
    );
    lines.push('  dry run: nothing was changed; add --yes to do it.');
  } else {
    lines.push(
      `OIDC sign-in switched ${position(r.on)}` +
        `${r.wasOn === r.on ? ' (it already was)' : ''}` +
        `${r.on ? '' : `: ${plural(r.endedSessions, 'OIDC session')} ended; password + one-time code sign-in stays`}`,
    );
  }
  if (r.on && !r.configured)
    lines.push('  console.oidc is not configured or is switched off in the config: no SSO until it is');
  return lines.join('\n');
}
