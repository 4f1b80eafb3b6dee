// Every top-level command of `reclaim`, one file each. Add a line here to add a command.
import type { Command } from 'commander';
import { configCommand } from './commands/config-command.ts';
import { initCommand } from './commands/init-command.ts';
import { keyCommand } from './commands/key-command.ts';
import { labCommand } from './commands/lab-command.ts';
import { approveCommand } from './commands/approve-command.ts';
import { assessCommand } from './commands/assess-command.ts';
import { auditCommand } from './commands/audit-command.ts';
import { discoverCommand } from './commands/discover-command.ts';
import { enforceCommand } from './commands/enforce-command.ts';
import { krbtgtCommand } from './commands/krbtgt-command.ts';
import { abortCommand, pauseCommand, resumeCommand } from './commands/pause-command.ts';
import { notifyCommand } from './commands/notify-command.ts';
import { planCommand } from './commands/plan-command.ts';
import { reportCommand } from './commands/report-command.ts';
import { runCommand } from './commands/run-command.ts';
import { statusCommand } from './commands/status-command.ts';
import { triageCommand } from './commands/triage-command.ts';
import { verifyCommand } from './commands/verify-command.ts';
import { workerCommand } from './commands/worker-command.ts';
import { operatorCommand } from './commands/operator-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { tasksCommand } from './commands/tasks-command.ts';

export const commandList: Array<() => Command> = [initCommand, keyCommand, configCommand, labCommand];

// The campaign, in the order it is run.
commandList.push(triageCommand, discoverCommand, assessCommand, planCommand, approveCommand, runCommand, pauseCommand, resumeCommand, abortCommand, statusCommand, enforceCommand, verifyCommand, reportCommand, krbtgtCommand, workerCommand, auditCommand);
commandList.push(tasksCommand);

// The operator and helpdesk console.
commandList.push(serveCommand, operatorCommand);
commandList.push(notifyCommand);
