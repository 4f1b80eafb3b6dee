// `reclaim config check`: the schema (every problem with its line), then what the config points at:
// the password key, every secret reference, file, time zone, regular expression, groupBy and
// directory id (check-references.ts). Nothing is printed of a secret's value. The file is refused
// above 1 MiB and when its aliases expand too far (load-config.ts, yaml-input.ts).
import { readInputFile } from '../input/read-input-file.ts';
import { parseYamlInput } from '../input/yaml-input.ts';
import { referenceProblems } from './check-references.ts';
import { checkConfigText, configFileKind, type ConfigProblem } from './load-config.ts';
import type { ReclaimConfig } from './config-schema.ts';
import { passwordKeyProblems } from './password-key.ts';

export type ConfigCheck = { ok: true; directories: number } | { ok: false; problems: ConfigProblem[] };

export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const text = readInputFile(file, configFileKind);
  const result = checkConfigText(text);
  const input = parseYamlInput(text);
  if (!result.ok && !input.ok) return result; // not YAML: nothing else can be read
  // Every problem at once: when the schema refused the file, what it points at is still checked
  // in the raw YAML (a path the schema already named is not reported twice).
  const config = result.ok ? result.config : input.ok ? input.value : {};
  const schemaProblems = result.ok ? [] : result.problems;
  const named = (path: string) => schemaProblems.some((p) => p.path === path || path.startsWith(`${p.path}.`));
  const found = [
    ...rawKeyProblems(config, env).map((message) => ({ path: 'engine.passwordKey', message })),
    ...referenceProblems(config, env),
  ].filter((p) => !named(p.path));
  if (found.length === 0 && result.ok) return { ok: true, directories: result.config.directories.length };
  const lineOf = input.ok ? input.lineOf : () => undefined;
  const located = found.map((p) => {
    const line = lineOf(p.path.split('.'));
    return { ...p, ...(line !== undefined ? { line } : {}) };
  });
  const problems = [...schemaProblems, ...located].sort(
    (x, y) => (x.line ?? Number.MAX_SAFE_INTEGER) - (y.line ?? Number.MAX_SAFE_INTEGER),
  );
  return { ok: false, problems };
}

/** The password key's problems, from the validated config or the raw YAML (only its two settings are read). */
function rawKeyProblems(config: unknown, env: NodeJS.ProcessEnv): string[] {
  const c = (config ?? {}) as { engine?: { passwordKey?: unknown }; directories?: unknown };
  const passwordKey = typeof c.engine?.passwordKey === 'string' ? c.engine.passwordKey : undefined;
  const directories = Array.isArray(c.directories) ? c.directories : [];
  return passwordKeyProblems({ engine: { passwordKey }, directories } as unknown as ReclaimConfig, env);
}
