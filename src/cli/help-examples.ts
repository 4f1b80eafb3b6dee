// The "Examples:" section of every command's --help, in one place, keyed by the command's path
// (`plan show`; '' is `reclaim` itself). main.ts adds them to whichever command it loads;
// test/cli/help-examples.test.ts runs `--help` on every command and subcommand and checks each
// prints its examples (a command added without examples fails that test).
import type { Command } from 'commander';

const lifecycle = (change: string, extra = '') => [`reclaim operator ${change} bob --login ada${extra}`];

export const helpExamples: Record<string, string[]> = {
  '': [
    'reclaim init && reclaim config check',
    'reclaim triage --answers answers.yaml && reclaim discover && reclaim plan --login alice',
    'reclaim -c /etc/reclaim/reclaim.yaml status --json',
    'reclaim pause --reason "unexpected lockouts"',
  ],
  init: ['reclaim init', 'reclaim -c /etc/reclaim/reclaim.yaml init --force'],
  key: ['reclaim key create /etc/reclaim/reclaim.key'],
  'key create': [
    'reclaim key create /etc/reclaim/reclaim.key',
    '  then in reclaim.yaml:  engine: { passwordKey: "file:/etc/reclaim/reclaim.key" }',
  ],
  config: ['reclaim config check'],
  'config check': ['reclaim config check', 'reclaim -c /etc/reclaim/reclaim.yaml config check --json'],
  lab: ['reclaim lab up && reclaim lab seed --users 200 --seed 7', 'reclaim lab status --json'],
  'lab up': ['reclaim lab up', 'reclaim lab up --dcs 2 --json'],
  'lab status': ['reclaim lab status', 'reclaim lab status --json'],
  'lab down': ['reclaim lab down'],
  'lab reset': ['reclaim lab reset', 'reclaim lab reset --reprovision'],
  'lab seed': ['reclaim lab seed --users 2000 --seed 42', 'reclaim lab seed --users 200 --seed 7 --json'],
  triage: [
    'reclaim triage                      (asks each question on the terminal)',
    'reclaim triage --answers answers.yaml --compromised edr-export.csv',
    'reclaim triage --answers answers.yaml --new-campaign --name "IR-2291"',
  ],
  discover: ['reclaim discover', 'reclaim discover --json'],
  assess: ['reclaim assess', 'reclaim assess --json'],
  plan: ['reclaim plan --login alice', 'reclaim plan show --dry-run | less', 'reclaim plan diff 3f2a 9c1e'],
  'plan create': [
    'reclaim plan create --login alice',
    'reclaim plan create --login alice --start 2026-03-02T08:00:00Z',
  ],
  'plan show': ['reclaim plan show', 'reclaim plan show --dry-run --json', 'reclaim plan show --version 3f2a'],
  'plan diff': ['reclaim plan diff 3f2a 9c1e', 'reclaim plan diff 3f2a 9c1e --json'],
  'plan export': ['reclaim plan export > plan.json', 'reclaim plan export --format csv > plan.csv'],
  'plan import': ['reclaim plan import plan.json --login alice'],
  approve: [
    'reclaim approve --login bob',
    'reclaim approve --login bob --version 3f2a --comment "reviewed with the CISO"',
  ],
  run: ['reclaim run', 'reclaim run --yes', 'reclaim run --wave 1 2 --yes --json'],
  pause: ['reclaim pause', 'reclaim pause --reason "helpdesk overwhelmed"'],
  resume: ['reclaim resume --yes', 'reclaim resume --yes --reason "helpdesk staffed again"'],
  abort: ['reclaim abort --yes --reason "false positive: no compromise"'],
  status: ['reclaim status', 'reclaim status --json', 'reclaim status --campaign c-2026-03-01-1a2b3c4d'],
  enforce: ['reclaim enforce', 'reclaim enforce --wave 1 --exempt jdoe="on leave until May" --yes'],
  verify: ['reclaim verify', 'reclaim verify --per-dc --json'],
  report: ['reclaim report', 'reclaim report --out reclaim-out --evidence evidence.tar.gz'],
  krbtgt: ['reclaim krbtgt status', 'reclaim krbtgt reset --yes'],
  'krbtgt status': ['reclaim krbtgt status', 'reclaim krbtgt status --json'],
  'krbtgt reset': ['reclaim krbtgt reset --yes', 'reclaim krbtgt reset --early --login alice --yes'],
  worker: ['reclaim worker --yes', 'reclaim worker --until-done --yes --json'],
  audit: ['reclaim audit verify'],
  'audit verify': ['reclaim audit verify', 'reclaim audit verify --json'],
  tasks: ['reclaim tasks list --state open', 'reclaim tasks verify'],
  'tasks list': [
    'reclaim tasks list --state open',
    'reclaim tasks list --kind privileged-reset --state done missed --json',
  ],
  'tasks assign': [
    'reclaim tasks assign 12 13 --to bob --login alice',
    'reclaim tasks assign --all-open --kind privileged-reset --to bob --login alice',
  ],
  'tasks done': ['reclaim tasks done 12 --login bob --note "reset from the PAW, ticket IR-42"'],
  'tasks fail': ['reclaim tasks fail 14 --login bob --note "application owner unreachable until Monday"'],
  'tasks verify': ['reclaim tasks verify', 'reclaim tasks verify 12 --json'],
  serve: ['reclaim serve', 'reclaim serve --listen 0.0.0.0:8443 --self-signed'],
  operator: ['reclaim operator add ada --role admin', 'reclaim operator list --login ada'],
  'operator add': [
    'reclaim operator add ada --role admin',
    'reclaim operator add bob carol --role operator --login ada',
  ],
  'operator list': ['reclaim operator list --login ada', 'reclaim operator list --login ada --json'],
  'operator disable': lifecycle('disable', ' --reason "laptop stolen, ticket INC-42"'),
  'operator enable': lifecycle('enable'),
  'operator unlock': lifecycle('unlock'),
  'operator reset': lifecycle('reset'),
  'operator end-sessions': lifecycle('end-sessions'),
  'operator oidc': ['reclaim operator oidc ada --enable', 'reclaim operator oidc ada --disable'],
  'operator oidc-switch': [
    'reclaim operator oidc-switch off --yes --reason "IdP suspected"',
    'reclaim operator oidc-switch on --yes',
  ],
  notify: ['reclaim notify', 'reclaim notify --kind reminder --yes'],
};

/** Adds the examples of `command` and of each of its subcommands to their --help. */
export function withHelpExamples(command: Command, path: string[] = []): Command {
  const key = path.join(' ');
  const examples = helpExamples[key];
  if (examples) command.addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n`);
  for (const sub of command.commands) withHelpExamples(sub, [...path, sub.name()]);
  return command;
}
