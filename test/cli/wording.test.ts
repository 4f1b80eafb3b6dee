// What the CLI says reads as English: counts agree with their nouns ("1 identity", "OK (1
// directory)", "1 problem"), nobody is "approved by : ", no line says "because" twice, and a
// missing setting is named as missing ("required but missing: a list"), not in zod's words.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkConfigText } from '../../src/app/config/load-config.ts';
import { plural } from '../../src/core/plural.ts';
import { decideTriage } from '../../src/core/triage/decide-triage.ts';
import { renderTriage } from '../../src/core/triage/render-triage.ts';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'reclaim-wording-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('wording', () => {
  it('plural: the noun agrees with the count', () => {
    assert.equal(plural(0, 'identity', 'identities'), '0 identities');
    assert.equal(plural(1, 'identity', 'identities'), '1 identity');
    assert.equal(plural(2, 'directory', 'directories'), '2 directories');
    assert.equal(plural(1, 'problem'), '1 problem');
    assert.equal(plural(3, 'problem'), '3 problems');
  });

  it('`config check` says "OK (1 directory)", and "1 problem found" for one problem', () => {
    writeFileSync(join(dir, 'reclaim.key'), 'wording-test-key-0123456789abcdefghijklmnop', { mode: 0o600 });
    const directory =
      '  - { id: corp-ad, kind: ad, urls: ["ldaps://127.0.0.1:1"], baseDns: ["DC=corp,DC=example"], ' +
      'bindDn: "svc@corp.example", password: "env:RECLAIM_TEST_BIND" }';
    const key = `engine: { passwordKey: "file:${join(dir, 'reclaim.key')}" }`;
    writeFileSync(join(dir, 'one.yaml'), ['directories:', directory, key].join('\n'));
    writeFileSync(join(dir, 'bad.yaml'), ['directories:', directory, key, 'waves: { groupBy: colour }'].join('\n'));
    const cli = (file: string) =>
      spawnSync(process.execPath, [join(root, 'bin/reclaim.mjs'), '-c', join(dir, file), 'config', 'check'], {
        encoding: 'utf8',
        env: { ...process.env, RECLAIM_TEST_BIND: 'x' },
      });
    const ok = cli('one.yaml');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /: OK \(1 directory\)\n$/);
    const bad = cli('bad.yaml');
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stdout, /bad\.yaml:4: waves\.groupBy: "colour" is not/);
    assert.equal(bad.stderr, '1 problem found\n');
  });

  it('a missing setting is named as missing, a wrong one with what was found', () => {
    const result = checkConfigText(
      'directories:\n  - { id: corp, kind: ad, urls: ["ldaps://dc1"], bindDn: svc, password: "env:X" }\nhelpdesk: { agents: many }\n',
    );
    assert.equal(result.ok, false);
    if (result.ok) return;
    const byPath = new Map(result.problems.map((p) => [p.path, p.message]));
    assert.equal(byPath.get('directories.0.baseDns'), 'required but missing: a list');
    assert.equal(byPath.get('helpdesk.agents'), 'expected a number, found the text "many"');
    for (const p of result.problems) assert.doesNotMatch(p.message, /Invalid input|received undefined/);
  });

  it('a triage decision never says "because" twice on a line, and counts one account as one', () => {
    const decision = decideTriage(
      {
        indicators: { adDatabaseStaged: { answer: true, evidence: 'vssadmin on DC01' } },
        knownCompromisedAccounts: ['jdoe'],
      },
      { answeredBy: 'alice', answeredAt: '2026-03-01T08:00:00Z' },
    );
    const text = renderTriage(decision);
    assert.match(text, /because 1 account is known to be compromised/);
    for (const line of text.split('\n')) assert.doesNotMatch(line, /because.*because/, line);
  });
});
