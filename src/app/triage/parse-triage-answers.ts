// Reads the triage answers file (`reclaim triage --answers FILE.yaml`), validated with zod; every
// problem is reported at once with its path and line, like the configuration.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { z } from 'zod';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { TriageAnswers } from '../../core/triage/decide-triage.ts';
import { triageIndicatorIds } from '../../core/triage/triage-questions.ts';
import { readCompromisedCsv } from './read-compromised-csv.ts';

const answer = z.union([z.boolean(), z.strictObject({ answer: z.boolean(), evidence: z.string().min(1).optional() })]);

const indicatorShape = Object.fromEntries(triageIndicatorIds.map((id) => [id, answer.optional()])) as Record<
  (typeof triageIndicatorIds)[number],
  z.ZodOptional<typeof answer>
>;

export const triageAnswersSchema = z.strictObject({
  answeredBy: z.string().min(1).optional(),
  indicators: z.strictObject(indicatorShape),
  knownCompromisedAccounts: z.array(z.string().min(1, 'an account name may not be empty')).default([]),
  /** a CSV file of more compromised accounts, relative to the answers file (read-compromised-csv.ts) */
  knownCompromisedAccountsFile: z.string().min(1, 'the file name may not be empty').optional(),
});

export interface TriageAnswersProblem {
  path: string;
  line?: number;
  message: string;
}

export type ParsedTriageAnswers = TriageAnswers & { answeredBy?: string; knownCompromisedAccountsFile?: string };

export function checkTriageAnswersText(
  text: string,
): { ok: true; answers: ParsedTriageAnswers } | { ok: false; problems: TriageAnswersProblem[] } {
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
  const parsed = triageAnswersSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => describe(issue, doc, lineCounter)) };
  }
  const indicators: TriageAnswers['indicators'] = {};
  for (const id of triageIndicatorIds) {
    const given = parsed.data.indicators[id];
    if (given === undefined) continue;
    indicators[id] =
      typeof given === 'boolean'
        ? { answer: given }
        : { answer: given.answer, ...(given.evidence ? { evidence: given.evidence } : {}) };
  }
  return {
    ok: true,
    answers: {
      indicators,
      knownCompromisedAccounts: parsed.data.knownCompromisedAccounts,
      ...(parsed.data.answeredBy ? { answeredBy: parsed.data.answeredBy } : {}),
      ...(parsed.data.knownCompromisedAccountsFile
        ? { knownCompromisedAccountsFile: parsed.data.knownCompromisedAccountsFile }
        : {}),
    },
  };
}

/**
 * Reads and validates an answers file; throws INPUT_INVALID listing every problem with file:line. A
 * `knownCompromisedAccountsFile` (relative to the answers file) adds its names to the list.
 */
export function parseTriageAnswersFile(file: string): ParsedTriageAnswers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReclaimError('INPUT_INVALID', `cannot read the triage answers file ${file}`, { cause: error });
  }
  const result = checkTriageAnswersText(text);
  if (!result.ok) {
    throw new ReclaimError('INPUT_INVALID', `${file}: ${result.problems.length} problem(s) in the triage answers`, {
      details: result.problems.map((p) => `${file}${p.line ? `:${p.line}` : ''}: ${p.path || '(top)'}: ${p.message}`),
    });
  }
  const { knownCompromisedAccountsFile: csv, ...answers } = result.answers;
  if (!csv) return answers;
  return {
    ...answers,
    knownCompromisedAccounts: [...answers.knownCompromisedAccounts, ...readCompromisedCsv(resolve(dirname(file), csv))],
  };
}

function describe(
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
): TriageAnswersProblem {
  const path = issue.path.map(String);
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  let message = issue.code === 'unrecognized_keys' ? `unknown question(s): ${keys.join(', ')}` : issue.message;
  if (issue.code === 'invalid_union')
    message = 'expected yes/no (true or false) or { answer: true|false, evidence: "..." }';
  let line: number | undefined;
  for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
    const node = doc.getIn(
      path.slice(0, depth).map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
      true,
    );
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  if (keys.length > 0) {
    const parent = doc.getIn(path, true);
    const items = isNode(parent) && 'items' in parent ? (parent.items as Array<{ key: unknown }>) : [];
    const pair = items.find((it) => isNode(it.key) && String((it.key as { value?: unknown }).value) === keys[0]);
    if (pair && isNode(pair.key) && pair.key.range) line = lineCounter.linePos(pair.key.range[0]).line;
  }
  return { path: [...path, ...keys.slice(0, 1)].join('.'), ...(line !== undefined ? { line } : {}), message };
}
