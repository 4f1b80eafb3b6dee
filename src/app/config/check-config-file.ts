import { readFileSync } from 'node:fs';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { checkConfigText, type ConfigProblem } from './load-config.ts';

export type ConfigCheck = { ok: true; directories: number } | { ok: false; problems: ConfigProblem[] };

export function checkConfigFile(file: string): ConfigCheck {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReclaimError('CONFIG_INVALID', `cannot read config file ${file}`, { cause: error });
  }
  const result = checkConfigText(text);
  return result.ok ? { ok: true, directories: result.config.directories.length } : result;
}
