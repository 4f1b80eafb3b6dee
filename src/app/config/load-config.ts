import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { plural } from '../../core/plural.ts';
import { describeZodIssue } from '../input/describe-zod-issue.ts';
import { readInputFile, SMALL_INPUT_MAX_BYTES, type InputFileKind } from '../input/read-input-file.ts';
import { parseYamlInput, type InputProblem } from '../input/yaml-input.ts';
import { configSchema, type ReclaimConfig } from './config-schema.ts';

export type ConfigProblem = InputProblem;

/** A configuration is a few kilobytes: a file over 1 MiB is refused before it is parsed. */
export const configFileKind: InputFileKind = {
  what: 'config file',
  maxBytes: SMALL_INPUT_MAX_BYTES,
  code: 'CONFIG_INVALID',
};

/** Reads and validates a config file; throws CONFIG_INVALID listing every problem with its path and line. */
export function loadConfig(file: string): ReclaimConfig {
  const result = checkConfigText(readInputFile(file, configFileKind));
  if (!result.ok) {
    throw new ReclaimError('CONFIG_INVALID', `${file}: ${problemCount(result.problems.length)} in the configuration`, {
      details: result.problems.map((p) => formatProblem(file, p)),
      where: `${file}${result.problems[0]?.line ? `:${result.problems[0].line}` : ''}`,
    });
  }
  return result.config;
}

export function checkConfigText(
  text: string,
): { ok: true; config: ReclaimConfig } | { ok: false; problems: ConfigProblem[] } {
  const input = parseYamlInput(text);
  if (!input.ok) return input;
  const parsed = configSchema.safeParse(input.value);
  if (parsed.success) return { ok: true, config: parsed.data };
  const context = { ...input, unknownKeys: 'unknown setting(s)' };
  return { ok: false, problems: parsed.error.issues.map((issue) => describeZodIssue(issue, context)) };
}

/** `FILE:LINE: path: message`, the form every file problem is printed in. */
export function formatProblem(file: string, p: InputProblem): string {
  return `${file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top)'}: ${p.message}`;
}

export const problemCount = (n: number) => plural(n, 'problem');
