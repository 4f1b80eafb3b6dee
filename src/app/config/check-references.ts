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

// Read from the validated config, or (when the schema refused the file) from the raw YAML, so
// `config check` reports every problem at once: anything not of the expected shape is skipped here,
// the schema has already named it.
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function referenceProblems(
  config: ReclaimConfig | unknown,
  env: NodeJS.ProcessEnv = process.env,
): ReferenceProblem[] {
  const c = obj(config);
  const problems: ReferenceProblem[] = [];
  const secret = (path: string, ref: unknown) => {
    const value = str(ref);
    if (!value) return;
    try {
      resolveSecret(value, path, env);
    } catch (error) {
      problems.push({ path, message: (error as Error).message.replace(`${path}: `, '') });
    }
  };
  const file = (path: string, name: unknown) => {
    const value = str(name);
    if (!value) return;
    try {
      accessSync(value, constants.R_OK);
    } catch {
      problems.push({ path, message: `cannot read ${value}` });
    }
  };
  const regex = (path: string, pattern: unknown) => {
    const value = str(pattern);
    if (value === undefined) return;
    try {
      new RegExp(value);
    } catch (error) {
      problems.push({ path, message: `not a valid regular expression: ${(error as Error).message}` });
    }
  };

  const directories = arr(c.directories).map(obj);
  directories.forEach((d, i) => {
    if (d.kind === 'ad') {
      secret(`directories.${i}.password`, d.password);
      file(`directories.${i}.caFile`, d.caFile);
    } else {
      secret(`directories.${i}.clientSecret`, d.clientSecret);
      file(`directories.${i}.certificateFile`, d.certificateFile);
      file(`directories.${i}.caFile`, d.caFile);
      arr(d.extraApps)
        .map(obj)
        .forEach((a, j) => {
          secret(`directories.${i}.extraApps.${j}.clientSecret`, a.clientSecret);
          file(`directories.${i}.extraApps.${j}.certificateFile`, a.certificateFile);
        });
    }
  });
  secret('store.password', obj(c.store).password);
  const notify = obj(c.notify);
  secret('notify.password', notify.password);
  file('notify.caFile', notify.caFile);
  const oidc = obj(obj(c.console).oidc);
  if (oidc.enabled !== false) secret('console.oidc.clientSecret', oidc.clientSecret);

  const timezone = str(obj(c.campaign).timezone);
  if (timezone !== undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      problems.push({
        path: 'campaign.timezone',
        message: `unknown time zone "${timezone}" (an IANA name such as Europe/Paris or UTC)`,
      });
    }
  }
  const segments = obj(c.segments);
  for (const [i, p] of arr(segments.serviceAccountNamePatterns).entries()) {
    regex(`segments.serviceAccountNamePatterns.${i}`, p);
  }
  for (const [i, r] of arr(segments.rules).entries()) {
    regex(`segments.rules.${i}.when.attribute.pattern`, obj(obj(obj(r).when).attribute).pattern);
  }
  const groupBy = str(obj(c.waves).groupBy);
  if (
    groupBy !== undefined &&
    !['department', 'site', 'ou'].includes(groupBy) &&
    !/^attribute:[A-Za-z][A-Za-z0-9-]*$/.test(groupBy)
  ) {
    problems.push({ path: 'waves.groupBy', message: `"${groupBy}" is not department, site, ou or attribute:NAME` });
  }
  const ids = new Set(directories.map((d) => str(d.id)).filter((id) => id !== undefined));
  for (const id of Object.keys(obj(obj(c.engine).writesPerSecond))) {
    if (!ids.has(id))
      problems.push({
        path: `engine.writesPerSecond.${id}`,
        message: `no directory "${id}" is configured (${[...ids].join(', ')})`,
      });
  }
  return problems;
}
