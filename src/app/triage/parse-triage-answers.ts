// Reads the triage answers file (`reclaim triage --answers FILE.yaml`), validated with zod; every
// problem is reported at once with its path and line, like the configuration.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import type { TriageAnswers } from '../../core/triage/decide-triage.ts';
import { triageIndicatorIds } from '../../core/triage/triage-questions.ts';
import { formatProblem, problemCount } from '../config/load-config.ts';
import { describeZodIssue } from '../input/describe-zod-issue.ts';
import { readInputFile, SMALL_INPUT_MAX_BYTES, type InputFileKind } from '../input/read-input-file.ts';
import { parseYamlInput, type InputProblem } from '../input/yaml-input.ts';
import { readCompromisedCsv } from './read-compromised-csv.ts';

const answersFileKind: InputFileKind = {
  what: 'triage answers file',
  maxBytes: SMALL_INPUT_MAX_BYTES,
  code: 'INPUT_INVALID',
};

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

export type TriageAnswersProblem = InputProblem;

export type ParsedTriageAnswers = TriageAnswers & { answeredBy?: string; knownCompromisedAccountsFile?: string };

export function checkTriageAnswersText(
  text: string,
): { ok: true; answers: ParsedTriageAnswers } | { ok: false; problems: TriageAnswersProblem[] } {
  const input = parseYamlInput(text);
  if (!input.ok) return input;
  const parsed = triageAnswersSchema.safeParse(input.value);
  if (!parsed.success) {
    const context = { ...input, unknownKeys: 'unknown question(s)' };
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        ...describeZodIssue(issue, context),
        ...(issue.code === 'invalid_union'
          ? { message: 'expected yes/no (true or false) or { answer: true|false, evidence: "..." }' }
          : {}),
      })),
    };
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
  const result = checkTriageAnswersText(readInputFile(file, answersFileKind));
  if (!result.ok) {
    throw new ReclaimError('INPUT_INVALID', `${file}: ${problemCount(result.problems.length)} in the triage answers`, {
      details: result.problems.map((p) => formatProblem(file, p)),
      where: `${file}${result.problems[0]?.line ? `:${result.problems[0].line}` : ''}`,
    });
  }
  const { knownCompromisedAccountsFile: csv, ...answers } = result.answers;
  if (!csv) return answers;
  return {
    ...answers,
    knownCompromisedAccounts: [...answers.knownCompromisedAccounts, ...readCompromisedCsv(resolve(dirname(file), csv))],
  };
}
