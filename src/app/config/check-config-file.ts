import { readFileSync } from 'node:fs';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { checkConfigText, type ConfigProblem } from './load-config.ts';
import { passwordKeyProblems } from './password-key.ts';

export type ConfigCheck = { ok: true; directories: number } | { ok: false; problems: ConfigProblem[] };

export function checkConfigFile(file: string, env: NodeJS.ProcessEnv = process.env): ConfigCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReclaimError('CONFIG_INVALID', `cannot read config file ${file}`, { cause: error });
  }
  const result = checkConfigText(text);
  if (!result.ok) return result;
  const keyProblems = passwordKeyProblems(result.config, env);
  if (keyProblems.length > 0) {
    const index = text.split('\n').findIndex((l) => /\bpasswordKey\b/.test(l));
    return { ok: false, problems: keyProblems.map((message) => ({ path: 'engine.passwordKey', ...(index >= 0 ? { line: index + 1 } : {}), message })) };
  }
  return { ok: true, directories: result.config.directories.length };
}
