// The console on the lab, in headless Chromium: a campaign over a private OU of the Samba AD DC
// and a Graph emulator tenant. The commander signs in with TOTP and approves the plan alice
// wrote (the second person); the engine runs the wave against the DC while the console shows it;
// the commander pauses it from the console (kill switch) and later resumes it; a helpdesk agent
// verifies a caller and issues a Temporary Access Pass shown once. Every outcome is read back
// from the directories (AD pwdLastSet, the TAP in the tenant) and the store.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { discoverDirectories } from '../../src/app/campaign/discover-directories.ts';
import { makePlan } from '../../src/app/campaign/make-plan.ts';
import { recordTriage } from '../../src/app/campaign/record-triage.ts';
import { parseTriageAnswersFile } from '../../src/app/triage/parse-triage-answers.ts';
import { runCampaign, type RunCampaignResult } from '../../src/app/campaign/run-campaign.ts';
import { addOperatorAccount } from '../../src/app/console/add-operator-account.ts';
import type { App } from '../../src/app/create-app.ts';
import { Secret } from '../../src/core/secret.ts';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { createConsoleServer } from '../../src/server/create-console-server.ts';
import type { OperatorRole } from '../../src/store/database.ts';
import { startEntraLab, type EntraLab } from '../directories/entra/entra-lab-fixture.ts';
import { startCampaignLab, type CampaignLab } from '../e2e/support/campaign-lab.ts';
import { launchChromium, withPage } from './support/browser-page.ts';
import { proven } from '../support/proven-operator.ts';

const password = 'console lab password 0123';
let env: CampaignLab;
let entra: EntraLab;
let app: App;
let browser: Browser;
let base = '';
let close = async () => undefined;
let campaignId = '';
const totp = new Map<string, string>();

before(async () => {
  env = await startCampaignLab({ users: 6 });
  // One AD write a second, so the wave is still running when the commander pauses it.
  writeFileSync(
    env.configFile,
    readFileSync(env.configFile, 'utf8').replace(/^engine: \{/m, 'engine: { writesPerSecond: { lab-ad: 1 },'),
  );
  entra = await startEntraLab({ seed: { cloudUsers: 4, syntheticSyncedUsers: false } });
  const alice = env.app('alice');
  const directories = new Map([...alice.directories(), ['entra-lab', entra.directory()]]);
  // One App (one SQLite connection per process) for the CLI-side steps, the engine and the console.
  app = { ...alice, directories: () => directories };
  writeFileSync(
    join(env.dir, 'answers.yaml'),
    'answeredBy: "Dana (IC)"\nindicators:\n  adDatabaseStaged: { answer: true, evidence: "vssadmin on DC01" }\nknownCompromisedAccounts: []\n',
  );
  const { answeredBy: _by, ...answers } = parseTriageAnswersFile(join(env.dir, 'answers.yaml'));
  campaignId = (await recordTriage(app, { answers })).campaignId;
  await discoverDirectories(app, { campaignId });
  await makePlan(await proven(app), { campaignId });
  for (const [username, role] of [
    ['commander-1', 'commander'],
    ['helpdesk-1', 'helpdesk'],
  ] as Array<[string, OperatorRole]>) {
    totp.set(
      username,
      (await addOperatorAccount(app, { username, role, password: new Secret(password) })).totpSecret.reveal(),
    );
  }
  const server = await createConsoleServer({ app, statusMaxAgeMs: 100 });
  base = await server.listen({ host: '127.0.0.1', port: 0 });
  close = async () => server.close();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await close();
  await entra?.stop();
  await env?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(base);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.fill('input[name=totp]', totpAt(base32Decode(totp.get(username)!), Date.now() / 1000));
  await page.click('#login-form button');
  await page.waitForSelector('#app-view:not([hidden])');
  await page.waitForSelector('#kill-switch');
}

/** The totals the status screen shows, after a click on Refresh now (none before anything ran). */
async function shownTotals(page: Page): Promise<Record<string, number>> {
  await page.click('#refresh');
  await page.waitForSelector('#kill-switch');
  return page.$$eval('#totals [data-total]', (items) =>
    Object.fromEntries(
      items.map((i) => [
        (i as HTMLElement).dataset.total,
        Number(i.querySelector('dd')?.textContent?.replace(/,/g, '')),
      ]),
    ),
  );
}

/** Confirms the open dialog (optionally filling its field). */
async function confirm(page: Page, field?: [string, string]): Promise<void> {
  await page.waitForSelector('dialog[open]');
  if (field) await page.fill(`dialog [name=${field[0]}]`, field[1]);
  await page.click('dialog button[value=ok]');
}

async function adUsersMustChange(): Promise<number> {
  let n = 0;
  for (const user of env.users) if ((await env.readUser(user)).pwdLastSet === '0') n += 1;
  return n;
}

test('the commander approves as the second person, watches the wave run on the DC, pauses and resumes it', async () => {
  const store = await app.store();
  await withPage(browser, 'console-lab-approve-run-pause', async (page) => {
    await signIn(page, 'commander-1');
    await page.click('a[data-screen=plan]');
    await page.click('#approve');
    await confirm(page, ['comment', 'reviewed the waves on the lab DC']);
    await page.waitForFunction(() => document.querySelector('#plan-meta')?.textContent?.includes('commander-1'));
    await page.click('a[data-screen=status]');

    // The engine runs the waves (as `reclaim run` would) while the console watches.
    let result: RunCampaignResult | undefined;
    const running = runCampaign(app, { campaignId, allWaves: true }).then((r) => (result = r));
    for (let i = 0; i < 600 && ((await shownTotals(page)).applied ?? 0) < 1; i++) await page.waitForTimeout(100);
    await page.click('#pause');
    await confirm(page, ['reason', 'lab test']);
    await page.waitForSelector('#kill-switch[data-engaged=true]');
    await running;
    assert.equal(result?.summary.stoppedBy, 'kill-switch');

    // What the DC says matches what the store and the console say: part of the wave, not all.
    const applied = await store.db
      .selectFrom('actions')
      .select('id')
      .where('campaignId', '=', campaignId)
      .where('directory', '=', 'lab-ad')
      .where('state', '=', 'applied')
      .execute();
    const changed = await adUsersMustChange();
    assert.equal(changed, applied.length, 'every applied AD action is pwdLastSet=0 on the DC, and no other');
    assert.ok(changed >= 1 && changed < env.users.length, `paused part-way: ${changed} of ${env.users.length}`);
    const shown = await shownTotals(page);
    assert.equal(
      shown.applied,
      (
        await store.db
          .selectFrom('actions')
          .select('id')
          .where('campaignId', '=', campaignId)
          .where('state', '=', 'applied')
          .execute()
      ).length,
    );

    // Resumed from the console, the run finishes: every user of the OU must change on the DC.
    await page.click('#resume');
    await confirm(page);
    await page.waitForSelector('#kill-switch[data-engaged=false]');
    const finished = await runCampaign(app, { campaignId, allWaves: true });
    assert.equal(finished.summary.stoppedBy, 'done');
    assert.equal(await adUsersMustChange(), env.users.length);
    // The dashboard's progress over time ends at what the journal holds: every action applied.
    const total = (
      await store.db
        .selectFrom('actions')
        .select('id')
        .where('campaignId', '=', campaignId)
        .where('state', '=', 'applied')
        .execute()
    ).length;
    // (the dashboard is a shared snapshot served stale while it refreshes: refresh until current)
    let drawn = '';
    for (let i = 0; i < 100 && drawn !== `${total} applied`; i++) {
      await page.click('#refresh');
      await page.waitForTimeout(100);
      drawn = (await page.textContent('#progress-chart [data-total="applied"]').catch(() => null)) ?? '';
    }
    assert.equal(drawn, `${total} applied`);
  });
  const approvals = await store.db.selectFrom('approvals').select('approver').execute();
  assert.deepEqual(
    approvals.map((a) => a.approver),
    ['commander-1'],
  );
});

test('a helpdesk agent verifies a cloud user and issues a TAP that exists in the tenant, shown once', async () => {
  await withPage(browser, 'console-lab-helpdesk-tap', async (page) => {
    await signIn(page, 'helpdesk-1');
    await page.click('a[data-screen=helpdesk]');
    await page.fill('#search-form input[name=q]', 'cloud.user');
    await page.click('#search-form button');
    await page.locator('#results-table tbody tr', { hasNotText: 'PRIVILEGED' }).first().locator('button').click();
    await page.selectOption('#verify-form select[name=method]', 'video');
    await page.fill('#verify-form textarea[name=evidence]', 'video call; badge and face matched the HR photo');
    await page.click('#verify-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#verify-message')?.textContent?.includes('verified'));
    await page.click('#issue-tap');
    await page.waitForFunction(() =>
      document.querySelector('#secret')?.textContent?.startsWith('Temporary Access Pass'),
    );
    const shown = /: (\S+)$/.exec((await page.textContent('#secret')) ?? '')?.[1] ?? '';
    assert.ok(shown.length >= 8, 'the pass is on screen');
    const store = await app.store();
    const [verification] = await store.db
      .selectFrom('helpdeskVerifications')
      .select(['identityKey', 'directory', 'verifiedBy'])
      .execute();
    assert.equal(verification?.directory, 'entra-lab');
    assert.equal(verification?.verifiedBy, 'helpdesk-1');
    const user = entra.emulator.control.getUser(verification!.identityKey);
    assert.ok(user?.hidden.tap, 'the pass exists in the tenant');
    assert.ok(!JSON.stringify(user).includes(shown), 'the tenant keeps no clear copy to compare with');
    const dump =
      JSON.stringify(await store.db.selectFrom('auditLog').selectAll().execute()) +
      JSON.stringify(await store.db.selectFrom('journalEvents').selectAll().execute());
    assert.ok(!dump.includes(shown), 'the pass is in neither the audit log nor the journal');
  });
});
