// The OpenLDAP command-line tools as benchmark baselines: `ldapmodify -f` (one connection, one
// LDIF; or the LDIF split over several processes run at once, as a script would to use as many
// connections as Reclaim) and `ldapsearch -E pr=N/noprompt`, over LDAPS with LDAPTLS_CACERT = the
// lab CA. The bind password goes through a 0600 file without a newline (-y), never the command line.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliBind {
  url: string;
  caFile: string;
  bindName: string;
  password: string;
}

function withPasswordFile<T>(password: string, work: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'reclaim-bench-'));
  const file = join(dir, 'pw');
  writeFileSync(file, password, { mode: 0o600 });
  return work(file).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  onStdout?: (chunk: Buffer) => void,
  onStderr?: (all: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (d: Buffer) => onStdout?.(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${cmd} exited ${code}: ${err.trim().slice(0, 500)}`));
      onStderr?.(err);
      resolve();
    });
  });
}

const envFor = (bind: CliBind): NodeJS.ProcessEnv => ({
  ...process.env,
  LDAPTLS_CACERT: bind.caFile,
  LDAPTLS_REQCERT: 'demand',
  LDAPCONF: '/dev/null',
});

/** Applies an LDIF file with ldapmodify over one connection; returns elapsed milliseconds. */
export function ldapmodify(bind: CliBind, ldifFile: string): Promise<number> {
  return withPasswordFile(bind.password, async (pw) => {
    const started = performance.now();
    await run('ldapmodify', ['-x', '-H', bind.url, '-D', bind.bindName, '-y', pw, '-f', ldifFile], envFor(bind));
    return performance.now() - started;
  });
}

/**
 * The LDIF's change records split round-robin over `processes` ldapmodify processes run at once
 * (each one connection, one operation at a time); returns elapsed milliseconds of the whole.
 */
export function ldapmodifyParallel(bind: CliBind, records: readonly string[], processes: number): Promise<number> {
  const parts = Array.from({ length: Math.max(1, Math.min(processes, records.length)) }, (_, p) =>
    records.filter((_, i) => i % processes === p),
  );
  return withPasswordFile(bind.password, async (pw) => {
    const dir = mkdtempSync(join(tmpdir(), 'reclaim-bench-ldif-'));
    try {
      const files = parts.map((part, i) => {
        const file = join(dir, `part-${i}.ldif`);
        writeFileSync(file, part.join('\n'), { mode: 0o600 });
        return file;
      });
      const started = performance.now();
      await Promise.all(
        files.map((file) =>
          run('ldapmodify', ['-x', '-H', bind.url, '-D', bind.bindName, '-y', pw, '-f', file], envFor(bind)),
        ),
      );
      return performance.now() - started;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/**
 * A paged ldapsearch; returns elapsed milliseconds, the number of entries printed and the CPU time
 * ldapsearch itself used (user + system, from the shell's `times` once it exited).
 */
export function ldapsearch(
  bind: CliBind,
  base: string,
  filter: string,
  attributes: string[],
  pageSize: number,
): Promise<{ ms: number; entries: number; cpuMs: number }> {
  return withPasswordFile(bind.password, async (pw) => {
    let entries = 0;
    let tail = '';
    let times = '';
    const started = performance.now();
    await run(
      'sh',
      [
        '-c',
        // the children's CPU times (the second line of `times`) to stderr after ldapsearch exits
        'ldapsearch "$@"; rc=$?; times >&2; exit $rc',
        'sh',
        '-LLL',
        '-x',
        '-H',
        bind.url,
        '-D',
        bind.bindName,
        '-y',
        pw,
        '-b',
        base,
        '-E',
        `pr=${pageSize}/noprompt`,
        filter,
        ...attributes,
      ],
      envFor(bind),
      (chunk) => {
        const text = tail + chunk.toString('latin1');
        const lines = text.split('\n');
        tail = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('dn:')) entries += 1;
      },
      (err) => (times = err),
    );
    if (tail.startsWith('dn:')) entries += 1;
    return { ms: performance.now() - started, entries, cpuMs: childCpuMs(times) };
  });
}

/** The children's user + system time from `times` ("0m0.20s 0m0.28s" on its second line), in ms. */
function childCpuMs(times: string): number {
  const line = times.trim().split('\n').at(-1) ?? '';
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (parts.length !== 2) throw new Error(`unexpected output of the shell's times: ${JSON.stringify(times)}`);
  return parts[0]! + parts[1]!;
}
