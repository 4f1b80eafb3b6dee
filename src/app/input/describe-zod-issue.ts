// A zod issue as a problem an operator can act on: its path, its line in the file, and a message
// that says what is missing or wrong ("required but missing: a list") instead of zod's own wording
// ("Invalid input: expected array, received undefined").
import type { z } from 'zod';
import type { InputProblem, KeyLineOf } from './yaml-input.ts';

export interface IssueContext {
  /** the parsed data the issue is about (to say what was found instead) */
  value: unknown;
  lineOf?: (path: readonly PropertyKey[]) => number | undefined;
  keyLineOf?: KeyLineOf;
  /** how unknown keys are called: "unknown setting(s)", "unknown question(s)" */
  unknownKeys: string;
}

const kinds: Record<string, string> = {
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  literal: 'a fixed value',
};

export function describeZodIssue(issue: z.core.$ZodIssue, context: IssueContext): InputProblem {
  const path = issue.path.map(String);
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  let line = context.lineOf?.(path);
  const firstKey = keys[0];
  if (firstKey !== undefined) line = context.keyLineOf?.(path, firstKey) ?? line;
  return {
    path: [...path, ...keys.slice(0, 1)].join('.'),
    ...(line !== undefined ? { line } : {}),
    message: issueMessage(issue, valueAt(context.value, issue.path), context.unknownKeys),
  };
}

function issueMessage(issue: z.core.$ZodIssue, found: unknown, unknownKeys: string): string {
  if (issue.code === 'unrecognized_keys') return `${unknownKeys}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type') {
    const expected = kinds[issue.expected] ?? issue.expected;
    if (found === undefined) return `required but missing: ${expected}`;
    return `expected ${expected}, found ${describeValue(found)}`;
  }
  if (issue.code === 'invalid_value' && found === undefined) return `required but missing: ${issue.message}`;
  return issue.message.replace(/^Invalid input: /, '');
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
