// The project makes its certificates with the system's `openssl` (Node can create keys but not
// X.509 certificates): the lab CA and its server certificates, and the console's self-signed pair.
import { execFileSync } from 'node:child_process';

/** Runs openssl in `cwd`; its stderr is kept for the error message when it fails. */
export function runOpenssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}
