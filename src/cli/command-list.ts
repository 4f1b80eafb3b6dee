// Every top-level command of `reclaim`: its name, the line the root help shows, and how to load it.
// A command's module (and all it imports: ldapts, kysely, fastify, ...) is imported only when that
// command runs, so `reclaim --help` and `reclaim pause` start fast (see main.ts and bench/cli-start.ts).
// To add a command: one entry here, its description the same as the one its module sets
// (test/cli/command-list.test.ts checks that every entry loads and matches).
import type { Command } from 'commander';

export interface CommandEntry {
  name: string;
  description: string;
  load: () => Promise<Command>;
}

export const commandList: CommandEntry[] = [
  {
    name: 'init',
    description: 'write a commented starter configuration',
    load: () => import('./commands/init-command.ts').then((m) => m.initCommand()),
  },
  {
    name: 'key',
    description: 'the password key reset passwords are derived from (engine.passwordKey)',
    load: () => import('./commands/key-command.ts').then((m) => m.keyCommand()),
  },
  {
    name: 'config',
    description: 'work with the configuration file',
    load: () => import('./commands/config-command.ts').then((m) => m.configCommand()),
  },
  {
    name: 'lab',
    description: 'the Samba AD DC lab on loopback (folder: $RECLAIM_LAB_DIR or .lab)',
    load: () => import('./commands/lab-command.ts').then((m) => m.labCommand()),
  },

  // The campaign, in the order it is run.
  {
    name: 'triage',
    description: 'record the triage answers and the decision drawn from them (opens a campaign)',
    load: () => import('./commands/triage-command.ts').then((m) => m.triageCommand()),
  },
  {
    name: 'discover',
    description: 'read every configured directory into a snapshot (read-only)',
    load: () => import('./commands/discover-command.ts').then((m) => m.discoverCommand()),
  },
  {
    name: 'assess',
    description: 'summarise the discovered population and its readiness findings (read-only)',
    load: () => import('./commands/assess-command.ts').then((m) => m.assessCommand()),
  },
  {
    name: 'plan',
    description: 'make, show, compare and export plans (nothing is written to a directory)',
    load: () => import('./commands/plan-command.ts').then((m) => m.planCommand()),
  },
  {
    name: 'approve',
    description: 'approve the current plan version as a second operator (not its author)',
    load: () => import('./commands/approve-command.ts').then((m) => m.approveCommand()),
  },
  {
    name: 'run',
    description: 'run the approved plan: apply the due waves through the engine',
    load: () => import('./commands/run-command.ts').then((m) => m.runCommand()),
  },
  {
    name: 'pause',
    description: 'engage the kill switch: every engine stops writing within a second',
    load: () => import('./commands/pause-command.ts').then((m) => m.pauseCommand()),
  },
  {
    name: 'resume',
    description: 'release the kill switch; `reclaim run` continues where it stopped',
    load: () => import('./commands/pause-command.ts').then((m) => m.resumeCommand()),
  },
  {
    name: 'abort',
    description: 'stop the campaign for good (kill switch engaged, status aborted)',
    load: () => import('./commands/pause-command.ts').then((m) => m.abortCommand()),
  },
  {
    name: 'status',
    description: 'where the campaign stands',
    load: () => import('./commands/status-command.ts').then((m) => m.statusCommand()),
  },
  {
    name: 'enforce',
    description: "disable accounts not changed by their wave's deadline; re-enable those changed since",
    load: () => import('./commands/enforce-command.ts').then((m) => m.enforceCommand()),
  },
  {
    name: 'verify',
    description:
      'check in the directories that no in-scope password from before T0 still works: changed by its owner, ' +
      'or reset by Reclaim and awaiting its owner (exit 3 lists the missed)',
    load: () => import('./commands/verify-command.ts').then((m) => m.verifyCommand()),
  },
  {
    name: 'report',
    description: 'the campaign summary; --out writes the HTML, CSV and JSON report, --evidence the evidence pack',
    load: () => import('./commands/report-command.ts').then((m) => m.reportCommand()),
  },
  {
    name: 'krbtgt',
    description: 'the krbtgt double reset',
    load: () => import('./commands/krbtgt-command.ts').then((m) => m.krbtgtCommand()),
  },
  {
    name: 'worker',
    description: "an extra engine process executing the campaign's actions",
    load: () => import('./commands/worker-command.ts').then((m) => m.workerCommand()),
  },
  {
    name: 'audit',
    description: 'the hash-chained audit log',
    load: () => import('./commands/audit-command.ts').then((m) => m.auditCommand()),
  },
  {
    name: 'tasks',
    description:
      'manual tasks: privileged resets and service account rotations, assigned to a named person, verified from the directory',
    load: () => import('./commands/tasks-command.ts').then((m) => m.tasksCommand()),
  },

  // The operator and helpdesk console.
  {
    name: 'serve',
    description: 'run the operator and helpdesk console (web UI and HTTP API)',
    load: () => import('./commands/serve-command.ts').then((m) => m.serveCommand()),
  },
  {
    name: 'operator',
    description: 'console operator accounts',
    load: () => import('./commands/operator-command.ts').then((m) => m.operatorCommand()),
  },
  {
    name: 'notify',
    description: "send the user notices that are due for the campaign's waves (dry run unless --yes)",
    load: () => import('./commands/notify-command.ts').then((m) => m.notifyCommand()),
  },
];
