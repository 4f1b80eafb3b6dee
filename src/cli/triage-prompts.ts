// Interactive triage on a terminal: asks the indicator questions of triage-questions.ts one by one
// (yes/no, then the evidence for a yes), the accounts known to be compromised and who answers.
// Questions go to stderr (stdout is for the result); lines are read through an async iterator so
// answers typed ahead, or piped in, are never lost.
import { createInterface } from 'node:readline';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import type { IndicatorAnswer, TriageAnswers } from '../core/triage/decide-triage.ts';
import { triageQuestions } from '../core/triage/triage-questions.ts';

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export async function askTriageAnswers(
  streams: PromptStreams,
  defaultName: string,
): Promise<TriageAnswers & { answeredBy: string }> {
  const rl = createInterface({ input: streams.input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const say = (text: string) => streams.output.write(text);
  const ask = async (prompt: string, what: string): Promise<string> => {
    say(prompt);
    const next = await lines.next();
    if (next.done) throw new ReclaimError('USAGE_INVALID', `triage: the input ended before ${what} was answered`);
    return String(next.value).trim();
  };
  try {
    say(`Triage: ${triageQuestions.length} questions about the incident (answer y or n).\n`);
    const indicators: TriageAnswers['indicators'] = {};
    for (const [n, q] of triageQuestions.entries()) {
      say(`\n${n + 1}/${triageQuestions.length} ${q.question}\n   ${q.help}\n`);
      let answer: boolean | undefined;
      while (answer === undefined) {
        const reply = (await ask('   [y/n] ', `question ${n + 1} (${q.id})`)).toLowerCase();
        if (['y', 'yes'].includes(reply)) answer = true;
        else if (['n', 'no'].includes(reply)) answer = false;
        else say(`   "${reply}" is not an answer: type y or n\n`);
      }
      const entry: IndicatorAnswer = { answer };
      if (answer) {
        const evidence = await ask('   evidence (optional): ', `the evidence of question ${n + 1} (${q.id})`);
        if (evidence) entry.evidence = evidence;
      }
      indicators[q.id] = entry;
    }
    const accounts = await ask(
      '\nAccounts known to be compromised (comma-separated, empty for none): ',
      'the compromised accounts',
    );
    const name = await ask(`Who answers (name and role) [${defaultName}]: `, 'who answers');
    return {
      indicators,
      knownCompromisedAccounts: accounts
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a.length > 0),
      answeredBy: name || defaultName,
    };
  } finally {
    rl.close();
  }
}
