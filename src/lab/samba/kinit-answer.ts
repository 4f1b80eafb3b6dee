// `kinit` against the lab KDC, the password on stdin (never on a command line other processes can
// read), with a 15 s limit: its exit status and everything it printed, for callers to classify.
import { spawn } from 'node:child_process';

export function kinitAnswer(input: {
  krb5Conf: string;
  principal: string;
  password: string;
  ccache: string;
}): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kinit', [input.principal], {
      env: { ...process.env, KRB5_CONFIG: input.krb5Conf, KRB5CCNAME: input.ccache },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
    child.stdin.end(`${input.password}\n`);
  });
}
