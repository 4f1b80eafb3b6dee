// How a CLI command proves its operator (operators/prove-operator.ts): a single-use token the
// console issued (RECLAIM_OPERATOR_TOKEN), or --login ACCOUNT with the account's password and
// one-time code, asked on the terminal without echo, or read as two lines from stdin with
// --password-stdin (scripts). Nothing is proven when none is given: approving commands then refuse.
import { createInterface } from 'node:readline';
import type { App } from '../app/create-app.ts';
import { withActor } from '../app/compose-app.ts';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import { Secret } from '../core/secret.ts';

export interface ProofFlags {
  login?: string;
  passwordStdin?: boolean;
}

export async function provenApp(app: App, flags: ProofFlags, env: NodeJS.ProcessEnv = process.env): Promise<App> {
  const token = env.RECLAIM_OPERATOR_TOKEN;
  if (!token && !flags.login) return app;
  // loaded only when there is something to prove (argon2, the TOTP check): `pause` starts faster
  const { proveOperator } = await import('../app/operators/prove-operator.ts');
  if (token && !flags.login)
    return withActor(app, await proveOperator(app, { kind: 'token', token: new Secret(token) }));
  if (!flags.login) return app;
  const [password = '', totp = ''] = flags.passwordStdin ? await stdinLines(2) : await askOnTerminal(flags.login);
  return withActor(
    app,
    await proveOperator(app, {
      kind: 'password',
      username: flags.login,
      password: new Secret(password),
      totp: totp.trim(),
    }),
  );
}

async function stdinLines(count: number): Promise<string[]> {
  const lines: string[] = [];
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    lines.push(line);
    if (lines.length === count) break;
  }
  rl.close();
  if (lines.length < count)
    throw new ReclaimError(
      'USAGE_INVALID',
      '--password-stdin: give the password and the one-time code on two lines of stdin',
    );
  return lines;
}

async function askOnTerminal(login: string): Promise<[string, string]> {
  if (!process.stdin.isTTY)
    throw new ReclaimError(
      'USAGE_INVALID',
      `--login ${login}: stdin is not a terminal; add --password-stdin (password and one-time code on two lines) or use RECLAIM_OPERATOR_TOKEN`,
    );
  const password = await ask(`password for ${login}: `, true);
  const totp = await ask('one-time code: ', false);
  return [password, totp];
}

function ask(question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    if (hidden) {
      // echo nothing of what is typed after the question
      const write = rl as unknown as { _writeToOutput: (s: string) => void };
      write._writeToOutput = (s: string) => {
        if (s.includes(question)) process.stderr.write(s);
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer);
    });
  });
}
