// `reclaim config check`: the schema (every problem with its line), then what the config points at:
// the password key, every secret reference, file, time zone, regular expression, groupBy and
// directory id (check-references.ts). Nothing is printed of a secret's value.
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { referenceProblems } from './check-references.ts';
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
  const found = [
    ...passwordKeyProblems(result.config, env).map((message) => ({ path: 'engine.passwordKey', message })),
    ...referenceProblems(result.config, env),
  ];
  if (found.length === 0) return { ok: true, directories: result.config.directories.length };
  const lineOf = lineFinder(text);
  return { ok: false, problems: found.map((p) => ({ ...p, ...withLine(lineOf(p.path)) })) };
}

const withLine = (line: number | undefined) => (line !== undefined ? { line } : {});

/** The line of the deepest node of `path` (a.b.0.c) present in the file. */
function lineFinder(text: string): (path: string) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (path) => {
    const keys = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    for (let depth = keys.length; depth >= 0; depth--) {
      const node = doc.getIn(keys.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
