// `npm run demo`: the whole campaign on the lab, through the real CLI: lab up + seed, the Graph
// emulator synced from the lab domain, a demo config (secrets as file: references), triage from a
// sample answers file, discover both directories, assess, plan, approval by a second operator,
// run every wave, people who change their password / call the helpdesk / do nothing, enforcement
// at the (brought-forward) deadline, verification and the report. Idempotent: a new campaign each
// run; the lab is seeded only when needed; the demo people are reset to a clean start.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureGraphEmulator, readEmulatorInfo } from '../../lab/graph/emulator-process.ts';
import { labDir, readLabInfo } from '../../lab/samba/lab-info.ts';
import { base32Decode } from '../auth/base32.ts';
import { totpAt } from '../auth/totp.ts';
import { openLabClient } from '../../lab/samba/lab-ldap-client.ts';
import {
  ensureDemoPopulation,
  helpdeskResets,
  resetDemoPopulation,
  saveDemoUsers,
  userChangesPassword,
} from './demo-population.ts';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const people = 40;
const say = (line: string) => process.stdout.write(`\n\x1b[1m== ${line}\x1b[0m\n`);

/** input: given on stdin (a password and one-time code for --password-stdin); capture: stdout returned, not shown */
function reclaim(
  args: string[],
  options: { operator?: string; okCodes?: number[]; input?: string; capture?: boolean } = {},
): number | string {
  process.stdout.write(`$ reclaim ${args.join(' ')}${options.operator ? `   (as ${options.operator})` : ''}\n`);
  const result = spawnSync(process.execPath, [join(root, 'bin/reclaim.mjs'), ...args], {
    stdio: [options.input !== undefined ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit', 'inherit'],
    encoding: 'utf8',
    ...(options.input !== undefined ? { input: options.input } : {}),
    env: { ...process.env, RECLAIM_OPERATOR: options.operator ?? 'alice' },
  });
  const code = result.status ?? 1;
  if (options.capture) {
    if (!(options.okCodes ?? [0]).includes(code)) throw new Error(`reclaim ${args[0]} exited with ${code}`);
    return result.stdout;
  }
  if (!(options.okCodes ?? [0]).includes(code)) throw new Error(`reclaim ${args[0]} exited with ${code}`);
  return code;
}

interface DemoOperator {
  username: string;
  password: string;
  totpSecret: string;
}

/**
 * The demo's accounts: an admin (the store's first account) who creates alice, bob and carol. Their
 * initial passwords and TOTP secrets are kept in the demo folder (mode 0600) so a later demo run on
 * the same store proves them again; a real team enrols the TOTP secret in an authenticator app.
 */
function demoOperators(c: string[], file: string): { answer(name: string): string } {
  let known: DemoOperator[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoOperator[]) : [];
  const parse = (out: string): DemoOperator[] =>
    ([JSON.parse(out)].flat() as Array<{ username: string; initialPassword: string; totpEnrolmentUri: string }>).map(
      (o) => ({
        username: o.username,
        password: o.initialPassword,
        totpSecret: /secret=([A-Z2-7]+)/.exec(o.totpEnrolmentUri)![1]!,
      }),
    );
  const lastStep = new Map<string, number>();
  const answer = (name: string): string => {
    const op = known.find((o) => o.username === name)!;
    // a one-time code is good once: wait for the next 30-second step when this account just used one
    let step = Math.floor(Date.now() / 30_000);
    while (lastStep.get(name) === step) {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      step = Math.floor(Date.now() / 30_000);
    }
    lastStep.set(name, step);
    return `${op.password}\n${totpAt(base32Decode(op.totpSecret), Date.now() / 1000)}\n`;
  };
  if (!known.some((o) => o.username === 'ada')) {
    known = parse(String(reclaim([...c, 'operator', 'add', 'ada', '--role', 'admin', '--json'], { capture: true })));
    writeFileSync(file, JSON.stringify(known), { mode: 0o600 });
  }
  if (!known.some((o) => o.username === 'alice')) {
    known = [
      ...known,
      ...parse(
        String(
          reclaim(
            [
              ...c,
              'operator',
              'add',
              'alice',
              'bob',
              'carol',
              '--role',
              'operator',
              '--login',
              'ada',
              '--password-stdin',
              '--json',
            ],
            { capture: true, input: answer('ada') },
          ),
        ),
      ),
    ];
    writeFileSync(file, JSON.stringify(known), { mode: 0o600 });
  }
  process.stdout.write(`operators: ${known.map((o) => o.username).join(', ')} (credentials for the demo in ${file})\n`);
  return { answer };
}

function syncFromAd(url: string, caFile: string): Promise<string> {
  return new Promise((resolvePost, reject) => {
    const req = request(
      `${url}/_emulator/sync-from-ad`,
      { method: 'POST', ca: readFileSync(caFile), headers: { 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolvePost(body));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

export async function runDemo(): Promise<void> {
  const dir = labDir();
  say('1. the lab: Samba AD DC on 127.0.0.1, the seeded organisation, the Graph emulator');
  reclaim(['lab', 'up']);
  reclaim(['lab', 'seed']);
  const info = readLabInfo(dir);
  await ensureGraphEmulator(dir);
  const emulator = readEmulatorInfo(dir)!;
  const app = emulator.apps.find((a) => a.name === 'reclaim')!;
  const demoDir = join(dir, 'demo');
  mkdirSync(demoDir, { recursive: true, mode: 0o700 });

  say(`2. the demo people: ${people} accounts in OU=Demo,OU=Corp (the seeded organisation is left alone)`);
  const admin = await openLabClient({
    url: info.dcs[0]!.url,
    caFile: info.caFile,
    bindName: info.admin.upn,
    password: readFileSync(info.admin.passwordFile, 'utf8').trim(),
  });
  const usersFile = join(demoDir, 'users.json');
  try {
    const { ouDn, users } = await ensureDemoPopulation(admin, info.baseDn, info.realm, usersFile, people);
    await resetDemoPopulation(admin, users);
    process.stdout.write(`synced to the tenant: ${await syncFromAd(emulator.url, emulator.caFile)}\n`);

    const keyFile = join(demoDir, 'password-key');
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
    const configFile = join(demoDir, 'reclaim.yaml');
    writeFileSync(
      configFile,
      [
        '# Written by `npm run demo`: the lab domain (OU=Demo only) and the lab tenant. Secrets are file: references.',
        'campaign: { name: "Reclaim demo" }',
        `store: { url: "sqlite:${join(demoDir, 'reclaim.sqlite')}" }`,
        'directories:',
        `  - { id: lab-ad, kind: ad, urls: ["${info.dcs[0]!.url}"], baseDns: ["${ouDn}"], bindDn: ` +
          `"${info.operator.upn}", password: "file:${info.operator.passwordFile}", caFile: ` +
          `"${info.caFile}" }`,
        `  - { id: lab-entra, kind: entra, tenantId: "${emulator.tenantId}", clientId: ` +
          `"${app.clientId}", clientSecret: "file:${app.secretFile}", authorityHost: ` +
          `"${emulator.url}", graphBaseUrl: "${emulator.url}", caFile: "${emulator.caFile}" }`,
        'protected: { identities: [demo-00] }   # the demo break-glass account',
        'waves: { groupBy: department, deadlineHours: 72, graceHours: 4 }',
        'guardrails: { blastRadius: 20 }',
        `engine: { passwordKey: "file:${keyFile}" }`,
        '',
      ].join('\n'),
    );
    process.stdout.write(`config: ${configFile}\n`);
    const c = ['-c', configFile];

    say(
      "3. the incident team's console accounts (argon2id password + TOTP): approvals are bound to them, never to a typed name",
    );
    const team = demoOperators(c, join(demoDir, 'operators.json'));
    const proof = (name: string) => ['--login', name, '--password-stdin'];

    say('4. triage, discovery, assessment, plan (authored by alice, proven)');
    reclaim([
      ...c,
      'triage',
      '--new-campaign',
      '--answers',
      join(root, 'examples/demo/triage-answers.yaml'),
      '--name',
      `Reclaim demo ${new Date().toISOString().slice(0, 16)}`,
    ]);
    reclaim([...c, 'discover']);
    reclaim([...c, 'assess']);
    reclaim([...c, 'plan', ...proof('alice')], { input: team.answer('alice') });

    say('5. a second operator approves; a typed name approves nothing, and the author could not either');
    reclaim([...c, 'approve', '--as', 'bob'], { operator: 'bob', okCodes: [4] });
    reclaim([...c, 'approve', ...proof('bob')], { operator: 'bob', input: team.answer('bob') });
    // waves above guardrails.blastRadius need a second approver besides bob
    reclaim([...c, 'approve', ...proof('carol')], { operator: 'carol', input: team.answer('carol') });

    say('6. run every wave');
    reclaim([...c, 'run', '--all-waves', '--yes'], { okCodes: [0, 3] });
    reclaim([...c, 'status']);

    // Synced people got hybridAdminReset (password writeback unknown): a random password they were
    // never told, so their old one is dead in AD and, after the sync, in the cloud. They call the helpdesk.
    say(
      '7. the people: 1-20 get a temporary password from the helpdesk and choose their own, 21-25 only call the helpdesk, 26-39 do nothing',
    );
    const demoPeople = users.slice(1);
    for (const u of demoPeople.slice(0, 20)) {
      await helpdeskResets(admin, u);
      await userChangesPassword(admin, u);
    }
    for (const u of demoPeople.slice(20, 25)) await helpdeskResets(admin, u);
    saveDemoUsers(usersFile, users);
    process.stdout.write(`password hash sync to the tenant: ${await syncFromAd(emulator.url, emulator.caFile)}\n`);

    say('8. the deadline (brought forward for the demo): disable who did not change; demo-39 is exempt');
    reclaim([...c, 'enforce', '--ignore-deadline', '--exempt', 'demo-39=on parental leave, ticket DEMO-3', '--yes'], {
      okCodes: [0, 3],
    });

    say('9. verification (exit 3: some accounts missed, listed) and the report');
    reclaim([...c, 'verify'], { okCodes: [0, 3] });
    reclaim([...c, 'report']);
    reclaim([...c, 'audit', 'verify']);
  } finally {
    await admin.unbind().catch(() => undefined);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runDemo().catch((error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
