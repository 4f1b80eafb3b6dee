import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { configSchema, type ReclaimConfig } from './config-schema.ts';

export interface ConfigProblem {
  path: string;
  line?: number;
  message: string;
}

/** Reads and validates a config file; throws CONFIG_INVALID listing every problem with its path and line. */
export function loadConfig(file: string): ReclaimConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReclaimError('CONFIG_INVALID', `cannot read config file ${file}`, { cause: error });
  }
  const result = checkConfigText(text);
  if (!result.ok) {
    throw new ReclaimError('CONFIG_INVALID', `${file}: ${result.problems.length} problem(s) in the configuration`, {
      details: result.problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top)'}: ${p.message}`),
    });
  }
  return result.config;
}

export function checkConfigText(
  text: string,
): { ok: true; config: ReclaimConfig } | { ok: false; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, config: parsed.data };
  const problems = parsed.error.issues.map((issue) => describeIssue(issue, doc, lineCounter));
  return { ok: false, problems };
}

function describeIssue(
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): ConfigProblem {
  const path = issue.path.map(String);
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const message = issue.code === 'unrecognized_keys' ? `unknown setting(s): ${keys.join(', ')}` : issue.message;
  // Point at the deepest node that exists in the file: the value itself, or the map that lacks a key.
  let line: number | undefined;
  for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
    const node = doc.getIn(
      path.slice(0, depth).map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    );
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  if (keys.length > 0) {
    const parent = doc.getIn(
      path.map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    );
    const pair =
      isNode(parent) && 'items' in parent
        ? (parent.items as { key: unknown }[]).find(
            (it) => isNode(it.key) && String((it.key as { value?: unknown }).value) === keys[0],
          )
        : undefined;
    if (pair && isNode(pair.key) && pair.key.range) line = lineCounter.linePos(pair.key.range[0]).line;
  }
  return { path: [...path, ...keys.slice(0, 1)].join('.'), ...(line !== undefined ? { line } : {}), message };
}
