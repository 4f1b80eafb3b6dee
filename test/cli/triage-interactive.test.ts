// Interactive `reclaim triage`: the questions of triage-questions.ts asked on a terminal (a real
// pseudo-terminal through script(1)) or, with --interactive, read from stdin; the decision drawn
// from the replies is recorded like one from an answers file. A reply that is not y/n is asked
// again; input that ends early, or no terminal and no --answers, is refused with nothing recorded.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app/create-app.ts';
import { triageQuestions } from '../../src/core/triage/triage-questions.ts';

let dir: string;
let configFile: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'reclaim-triage-'));
  configFile = join(dir, 'reclaim.yaml');
  writeFileSync(
    configFile,
    [
      'campaign: { name: "triage test" }',
      `store: { url: "sqlite:${join(dir, 'reclaim.sqlite')}" }`,
      'directories:',
      '  - { id: corp, kind: ad, urls: ["ldaps://127.0.0.1:1636"], baseDns: ["DC=corp,DC=example"], ' +
        'bindDn: "svc@corp.example", password: "env:UNUSED_PASSWORD" }',
    ].join('\n'),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Replies: yes with evidence to the first, "maybe" (asked again) then no to the second, no to the rest. */
function replies(): string[] {
  const lines: string[] = ['y', 'ntds.dit copy seen leaving DC01', 'maybe', 'n'];
  for (let i = 2; i < triageQuestions.length; i++) lines.push('n');
  lines.push('adm-jsmith, alice', 'Dana Reyes (IC)');
  return lines;
}

const cli = (args: string[], input: string) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', configFile, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
  });

async function campaigns(): Promise<number> {
  const app = createApp({ configFile, operator: 'test' });
  try {
    const store = await app.store();
    return (await store.db.selectFrom('campaigns').select('id').execute()).length;
  } finally {
    await app.close();
  }
}

interface Recorded {
  campaignId: string;
  decision: {
    answeredBy: string;
    reset: { value: string; because: Array<{ indicator: string; text: string }> };
    scope: { value: { kind: string; accounts: string[] } };
    assurance: { value: string };
    krbtgtDoubleReset: { value: boolean };
  };
}

function checkDecision(r: Recorded): void {
  assert.equal(r.decision.answeredBy, 'Dana Reyes (IC)');
  assert.equal(r.decision.reset.value, 'mass');
  assert.deepEqual(
    r.decision.reset.because.map((b) => b.indicator),
    ['adDatabaseExfiltrated'],
  );
  assert.match(r.decision.reset.because[0]!.text, /evidence: ntds\.dit copy seen leaving DC01/);
  assert.deepEqual(r.decision.scope.value, { kind: 'all', accounts: ['adm-jsmith', 'alice'] });
  assert.equal(r.decision.krbtgtDoubleReset.value, true);
}

describe('interactive triage', () => {
  it('asks every question on a terminal and records the decision', () => {
    const command = ['node', 'bin/reclaim.mjs', '-c', configFile, 'triage', '--json'].join(' ');
    const run = spawnSync('script', ['-qefc', command, '/dev/null'], {
      input: `${replies().join('\n')}\n`,
      encoding: 'utf8',
      env: { ...process.env, RECLAIM_OPERATOR: 'alice' },
    });
    const out = run.stdout.replace(/\r/g, '');
    assert.equal(run.status, 0, out);
    for (const q of triageQuestions) assert.ok(out.includes(q.question), `asked: ${q.id}`);
    assert.match(out, /"maybe" is not an answer: type y or n/);
    // the terminal carries the prompts, the echoed replies and the result: the JSON starts at its first key
    const json = out.slice(out.indexOf('{\n  "campaignId"'));
    checkDecision(JSON.parse(json.slice(0, json.lastIndexOf('}') + 1)) as Recorded);
  });

  it('--interactive reads the replies from stdin; the questions go to stderr', () => {
    const run = cli(['triage', '--interactive', '--json'], `${replies().join('\n')}\n`);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stderr.includes(triageQuestions[0]!.question));
    checkDecision(JSON.parse(run.stdout) as Recorded);
  });

  it('refuses input that ends early, and no terminal without --answers, recording nothing', async () => {
    const before = await campaigns();
    const early = cli(['triage', '--interactive', '--json'], 'y\nevidence\nn\n');
    assert.equal(early.status, 2, early.stderr);
    assert.match(early.stderr, /the input ended before question 3 \(privilegedIdentitiesCompromised\)/);
    const noTerminal = cli(['triage'], '');
    assert.equal(noTerminal.status, 2, noTerminal.stderr);
    assert.match(noTerminal.stderr, /--answers FILE\.yaml: stdin is not a terminal/);
    assert.equal(await campaigns(), before, 'no campaign opened by a refused triage');
  });
});
