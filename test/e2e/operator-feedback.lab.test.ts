// What the CLI tells the operator, on the lab (issue 15, item 11):
// - `plan show` names the campaign;
// - `assess` rates no TAP policy when no Entra directory is configured, and counts service accounts
//   with the very rule readiness and planning use (configured patterns; krbtgt is not one);
// - a wrong service-account password exits 2 (configuration), not 1 (a bug), with a clear message;
// - a known-compromised account named in the triage answers that matches no identity is reported,
//   and the list may come from a CSV file too.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ReadinessFinding } from '../../src/core/readiness/assess-readiness.ts';
import { createUser, lab, uniqueSam, type CreatedUser } from '../directories/ad/support/ad-test-lab.ts';
import { startCampaignLab, type CampaignLab } from './support/campaign-lab.ts';
import { stolenDatabaseAnswers } from './support/planned-campaign.ts';

let env: CampaignLab;
let appAccount: CreatedUser;

before(async () => {
  env = await startCampaignLab({ users: 2, extraConfig: 'segments: { serviceAccountNamePatterns: ["^app-"] }' });
  appAccount = await createUser(env.admin, env.ouDn, { sam: uniqueSam('app-') });
  await createUser(env.admin, env.ouDn, { uac: 0x10200 }); // a person whose password never expires
});
after(async () => {
  await env?.close();
});

/** token: a single-use console token proving alice (authoring a plan needs one) */
const cli = (args: string[], config = env.configFile, token?: string) =>
  spawnSync(process.execPath, ['bin/reclaim.mjs', '-c', config, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RECLAIM_OPERATOR: 'alice', ...(token ? { RECLAIM_OPERATOR_TOKEN: token } : {}) },
  });
const ok = (args: string[], token?: string) => {
  const r = cli(args, env.configFile, token);
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const campaignOf = (triageOut: string) => /campaign (c-\S+)/.exec(triageOut)![1]!;

describe('what the CLI tells the operator', () => {
  it('plan show names the campaign; assess has no TAP finding without Entra and counts service accounts as readiness does', async () => {
    writeFileSync(join(env.dir, 'stolen.yaml'), stolenDatabaseAnswers);
    const campaign = campaignOf(ok(['triage', '--new-campaign', '--answers', join(env.dir, 'stolen.yaml')]));
    ok(['discover', '--campaign', campaign]);
    ok(['plan', '--campaign', campaign], await env.token('alice'));
    // without --campaign: the latest campaign, named in the output
    assert.match(ok(['plan', 'show']), new RegExp(`^plan version [0-9a-f]{12} of campaign ${campaign}\\b`));

    const assessed = JSON.parse(ok(['assess', '--json', '--campaign', campaign])) as {
      byDirectory: Record<string, { serviceLike: number }>;
      readiness: ReadinessFinding[];
    };
    assert.equal(
      assessed.readiness.find((f) => f.id === 'tap-policy'),
      undefined,
      'no Entra directory: no TAP policy to rate',
    );
    const owners = assessed.readiness.find((f) => f.id === 'service-account-without-owner');
    assert.deepEqual(
      owners?.sample,
      [`lab-ad:${appAccount.sam}`],
      'readiness: the app- account is the one service account (not krbtgt, not the never-expiring person)',
    );
    assert.equal(assessed.byDirectory['lab-ad']?.serviceLike, 1, 'assess counts the same one');
  });

  it('exits 2 with a clear message when the service account cannot sign in', () => {
    const wrong = join(env.dir, 'wrong-password');
    writeFileSync(wrong, 'not-the-password\n', { mode: 0o600 });
    const config = join(env.dir, 'reclaim-wrong.yaml');
    writeFileSync(config, readFileSync(env.configFile, 'utf8').replace(lab().operator.passwordFile, wrong));
    writeFileSync(join(env.dir, 'targeted.yaml'), 'indicators: {}\nknownCompromisedAccounts: [somebody]\n');
    const campaign = campaignOf(ok(['triage', '--new-campaign', '--answers', join(env.dir, 'targeted.yaml')]));
    const r = cli(['discover', '--campaign', campaign], config);
    assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stderr, /SERVICE_ACCOUNT_LOGON_FAILED/);
    assert.match(r.stderr, /could not sign in \(check bindDn and its password\)/);
    assert.doesNotMatch(r.stderr, /bug/i);
  });

  it('reports known-compromised names that match no identity, from the answers and from a CSV file', async () => {
    const [first, second] = env.users as [CreatedUser, CreatedUser];
    writeFileSync(
      join(env.dir, 'compromised.csv'),
      `account,source\n${second.sam},EDR alert 4411\n"ghost, two@lab.example",phishing kit\n`,
    );
    writeFileSync(
      join(env.dir, 'named.yaml'),
      `indicators: {}\nknownCompromisedAccounts: [${first.sam}, ghost-one]\nknownCompromisedAccountsFile: compromised.csv\n`,
    );
    const campaign = campaignOf(ok(['triage', '--new-campaign', '--answers', join(env.dir, 'named.yaml')]));
    ok(['discover', '--campaign', campaign]);
    const planned = ok(['plan', '--campaign', campaign], await env.token('alice'));
    assert.match(planned, /known compromised but matching no identity: ghost-one, ghost, two@lab\.example/);
    const plan = JSON.parse(ok(['plan', 'export', '--campaign', campaign])) as {
      unmatchedCompromised: string[];
      assignments: Array<{ name: string; compromised: boolean }>;
    };
    assert.deepEqual(plan.unmatchedCompromised, ['ghost-one', 'ghost, two@lab.example']);
    assert.deepEqual(
      plan.assignments
        .filter((a) => a.compromised)
        .map((a) => a.name)
        .sort(),
      [first.sam, second.sam].sort(),
      'the CSV account is in scope too',
    );
  });
});
