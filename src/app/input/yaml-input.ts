// Parses an operator's YAML file (the configuration, triage answers) into plain data, with the
// line of every node kept for messages. SAFETY: aliases may expand to at most MAX_YAML_ALIASES
// nodes: a few lines of nested aliases (an "alias bomb") would otherwise expand to gigabytes.
import { isNode, LineCounter, parseDocument, visit } from 'yaml';

export interface InputProblem {
  path: string;
  line?: number;
  message: string;
}

export const MAX_YAML_ALIASES = 100;

export type YamlInput =
  | { ok: true; value: unknown; lineOf: (path: readonly PropertyKey[]) => number | undefined; keyLineOf: KeyLineOf }
  | { ok: false; problems: InputProblem[] };

/** The line of the key `key` of the mapping at `path`, when the file has it. */
export type KeyLineOf = (path: readonly PropertyKey[], key: string) => number | undefined;

export function parseYamlInput(text: string): YamlInput {
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
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (error) {
    if (!(error instanceof ReferenceError) || !/alias/i.test(error.message)) throw error;
    let line: number | undefined;
    visit(doc, {
      Alias(_, node) {
        if (node.range) line = lineAt(node.range[0]);
        return visit.BREAK;
      },
    });
    return {
      ok: false,
      problems: [
        {
          path: '',
          ...(line !== undefined ? { line } : {}),
          message: `YAML aliases expand to more than ${MAX_YAML_ALIASES} nodes (an alias bomb?): refused`,
        },
      ],
    };
  }
  const keys = (path: readonly PropertyKey[]) =>
    path.map((k) => (typeof k === 'string' && /^\d+$/.test(k) ? Number(k) : k));
  // The deepest node of `path` present in the file: the value itself, or the map that lacks a key.
  const lineOf = (path: readonly PropertyKey[]) => {
    const all = keys(path);
    for (let depth = all.length; depth >= 0; depth--) {
      const node = doc.getIn(all.slice(0, depth), true);
      if (isNode(node) && node.range) return lineAt(node.range[0]);
    }
    return undefined;
  };
  const keyLineOf: KeyLineOf = (path, key) => {
    const parent = doc.getIn(keys(path), true);
    const items = isNode(parent) && 'items' in parent ? (parent.items as Array<{ key: unknown }>) : [];
    const pair = items.find((it) => isNode(it.key) && String((it.key as { value?: unknown }).value) === key);
    return pair && isNode(pair.key) && pair.key.range ? lineAt(pair.key.range[0]) : undefined;
  };
  return { ok: true, value, lineOf, keyLineOf };
}
