// `reclaim config check`: the schema (every problem with its line), then what the config points at:
// the password key, every secret reference, file, time zone, regular expression, groupBy and
// directory id (check-references.ts). Nothing is printed of a secret's value. The file is refused
// above 1 MiB and when its aliases expand too far (load-config.ts, yaml-input.ts).
import { readInputFile } from '../input/read-input-file.ts';
import { parseYamlInput } from '../input/yaml-input.ts';
import { referenceProblems } from './check-references.ts';
import { checkConfigText, configFileKind, type ConfigProblem } from './load-config.ts';
import { passwordKeyProblems } from './password-key.ts';

export type ConfigCheck = { ok: true; directories: number } | { ok: false; problems: ConfigProblem[] };

export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  const text = readInputFile(file, configFileKind);
  const result = checkConfigText(text);
  if (!result.ok) return result;
  const found = [
    ...passwordKeyProblems(result.config, env).map((message) => ({ path: 'engine.passwordKey', message })),
    ...referenceProblems(result.config, env),
  ];
  if (found.length === 0) return { ok: true, directories: result.config.directories.length };
  const input = parseYamlInput(text);
  const lineOf = input.ok ? input.lineOf : () => undefined;
  return {
    ok: false,
    problems: found.map((p) => {
      const line = lineOf(p.path.split('.'));
      return { ...p, ...(line !== undefined ? { line } : {}) };
    }),
  };
}
