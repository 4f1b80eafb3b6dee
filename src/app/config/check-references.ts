// `config check` beyond the schema: what the config points at must exist and make sense. Every
// secret reference resolves (its value is never printed), every file it names is readable, the
// timezone is known, every regular expression compiles, groupBy is one the planner knows, and every
// directory id used outside `directories` is configured. Each problem names its path.
import { accessSync, constants } from 'node:fs';
import type { ReclaimConfig } from './config-schema.ts';
import { resolveSecret } from './secret-ref.ts';

export interface ReferenceProblem {
  path: string;
  message: string;
}

export function referenceProblems(config: ReclaimConfig, env: NodeJS.ProcessEnv = process.env): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const secret = (path: string, ref: string | undefined) => {
    if (!ref) return;
    try {
      resolveSecret(ref, path, env);
    } catch (error) {
      problems.push({ path, message: (error as Error).message.replace(`${path}: `, '') });
    }
  };
  const file = (path: string, name: string | undefined) => {
    if (!name) return;
    try {
      accessSync(name, constants.R_OK);
    } catch {
      problems.push({ path, message: `cannot read ${name}` });
    }
  };
  const regex = (path: string, pattern: string | undefined) => {
    if (pattern === undefined) return;
    try {
      new RegExp(pattern);
    } catch (error) {
      problems.push({ path, message: `not a valid regular expression: ${(error as Error).message}` });
    }
  };

  config.directories.forEach((d, i) => {
    if (d.kind === 'ad') {
      secret(`directories.${i}.password`, d.password);
      file(`directories.${i}.caFile`, d.caFile);
    } else {
      secret(`directories.${i}.clientSecret`, d.clientSecret);
      file(`directories.${i}.certificateFile`, d.certificateFile);
      file(`directories.${i}.caFile`, d.caFile);
      (d.extraApps ?? []).forEach((a, j) => {
        secret(`directories.${i}.extraApps.${j}.clientSecret`, a.clientSecret);
        file(`directories.${i}.extraApps.${j}.certificateFile`, a.certificateFile);
      });
    }
  });
  secret('store.password', config.store.password);
  secret('notify.password', config.notify?.password);
  file('notify.caFile', config.notify?.caFile);
  if (config.console.oidc?.enabled !== false) secret('console.oidc.clientSecret', config.console.oidc?.clientSecret);

  try {
    new Intl.DateTimeFormat('en', { timeZone: config.campaign.timezone });
  } catch {
    problems.push({
      path: 'campaign.timezone',
      message: `unknown time zone "${config.campaign.timezone}" (an IANA name such as Europe/Paris or UTC)`,
    });
  }
  for (const [i, p] of config.segments.serviceAccountNamePatterns.entries()) {
    regex(`segments.serviceAccountNamePatterns.${i}`, p);
  }
  for (const [i, r] of (config.segments.rules ?? []).entries()) {
    regex(`segments.rules.${i}.when.attribute.pattern`, r.when.attribute?.pattern);
  }
  const groupBy = config.waves.groupBy;
  if (!['department', 'site', 'ou'].includes(groupBy) && !/^attribute:[A-Za-z][A-Za-z0-9-]*$/.test(groupBy)) {
    problems.push({ path: 'waves.groupBy', message: `"${groupBy}" is not department, site, ou or attribute:NAME` });
  }
  const ids = new Set(config.directories.map((d) => d.id));
  for (const id of Object.keys(config.engine.writesPerSecond)) {
    if (!ids.has(id))
      problems.push({
        path: `engine.writesPerSecond.${id}`,
        message: `no directory "${id}" is configured (${[...ids].join(', ')})`,
      });
  }
  return problems;
}
