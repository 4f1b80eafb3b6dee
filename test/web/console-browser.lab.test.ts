// The console in headless Chromium (Debian's chromium through playwright-core): sign in with TOTP,
// approve a plan as the second person, pause the campaign, verify a caller and issue a TAP shown
// once. Outcomes are read back from the store (the approval with its comment, audited once). A screenshot is kept in test-results/ on failure.
import assert from 'node:assert/strict';
import { setKillSwitch } from '../../src/store/campaigns/kill-switch.ts';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { operatorPassword, startConsoleFixture, type ConsoleFixture } from '../server/support/console-fixture.ts';
import { launchChromium, withPage } from './support/browser-page.ts';

let f: ConsoleFixture;
let browser: Browser;
let base = '';

before(async () => {
  f = await startConsoleFixture();
  base = await f.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await f?.close();
});

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(base);
  f.clock.at = new Date(f.clock.at.getTime() + 30_000);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', operatorPassword);
  await page.fill('input[name=totp]', totpAt(base32Decode(f.totpSecrets.get(username)!), f.clock.at.getTime() / 1000));
  await page.click('#login-form button');
  await page.waitForSelector('#app-view:not([hidden])');
  await page.waitForSelector('#kill-switch');
}

test('commander signs in with TOTP, approves the plan alice wrote with a comment, pauses the campaign', async () => {
  await withPage(browser, 'console-approve-pause', async (page) => {
    await signIn(page, 'commander-1');
    assert.match((await page.textContent('#who')) ?? '', /commander/);
    // The status at a glance: the kill switch as a banner, the helpdesk and throttling panels in words.
    assert.equal(await page.getAttribute('#kill-switch', 'data-engaged'), 'false');
    assert.match(
      (await page.textContent('#helpdesk-queue')) ?? '',
      /^Queue 0 people · calls 0 of 0 forecast · 0 people verified · 0 credentials issued$/,
    );
    assert.match((await page.textContent('#throttling')) ?? '', /No directory has throttled Reclaim/);
    assert.match((await page.textContent('#age')) ?? '', /updated \d+ s ago/);
    assert.equal(await page.locator('pre').count(), 0, 'no raw JSON');
    assert.ok(!((await page.textContent('#status')) ?? '').includes('"engaged"'), 'no raw JSON');
    await page.click('a[data-screen=plan]');
    await page.waitForSelector('#approve:not([disabled])');
    await page.click('#approve');
    await page.fill('dialog textarea[name=comment]', 'checked the waves and the forecast');
    // A double click on the confirmation approves once: the dialog closes on the first.
    await page.dblclick('dialog button[value=ok]');
    await page.waitForFunction(() => document.querySelector('#plan-meta')?.textContent?.includes('commander-1'));
    assert.equal(await page.isDisabled('#approve'), true);
    await page.click('a[data-screen=status]');
    await page.click('#pause');
    await page.fill('dialog input[name=reason]', 'browser test');
    await page.click('dialog button[value=ok]');
    await page.waitForSelector('#kill-switch[data-engaged=true]');
    assert.equal(await page.locator('#pause').count(), 0, 'engaged: Pause is gone, Resume offered');
    assert.equal(await page.locator('#resume').count(), 1);
  });
  const store = await f.app.store();
  const approvals = await store.db.selectFrom('approvals').select(['approver', 'planVersionId', 'comment']).execute();
  assert.deepEqual(
    approvals.map((a) => [a.approver, a.planVersionId, a.comment]),
    [['commander-1', f.versionId, 'checked the waves and the forecast']],
  );
  const audited = await store.db
    .selectFrom('auditLog')
    .select(['action', 'details'])
    .where('action', 'in', ['plan.approve', 'console.plan.approve'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audited.map((a) => [a.action, (JSON.parse(a.details) as { comment?: string }).comment]),
    [
      ['plan.approve', 'checked the waves and the forecast'],
      ['console.plan.approve', 'checked the waves and the forecast'],
    ],
  );
  const campaign = await store.db
    .selectFrom('campaigns')
    .select('killSwitch')
    .where('id', '=', f.campaignId)
    .executeTakeFirstOrThrow();
  assert.equal(Number(campaign.killSwitch), 1);
});

test('a helpdesk agent verifies a caller and issues a TAP shown once on screen', async () => {
  const canary = `BROWSER-TAP-${Math.random().toString(36).slice(2)}`;
  f.nextTap.value = canary;
  await withPage(browser, 'console-helpdesk-tap', async (page) => {
    await signIn(page, 'helpdesk-1');
    await page.click('a[data-screen=helpdesk]');
    await page.fill('#search-form input[name=q]', 'jd');
    await page.click('#search-form button');
    await page.click('#results-table button');
    await page.selectOption('#verify-form select[name=method]', 'call-back');
    await page.fill(
      '#verify-form textarea[name=evidence]',
      'called back the mobile number on file; confirmed employee number',
    );
    await page.click('#verify-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#verify-message')?.textContent?.includes('verified'));
    // Paused by the commander (the test before): the door refuses the helpdesk's write too.
    await page.click('#issue-tap');
    await page.waitForFunction(() =>
      /KILL_SWITCH_ENGAGED|paused/.test(document.querySelector('#secret')?.textContent ?? ''),
    );
    assert.deepEqual(
      f.applied.filter((a) => a.kind === 'issueTap'),
      [],
      'nothing issued while paused',
    );
    await setKillSwitch(await f.app.store(), {
      campaignId: f.campaignId,
      engaged: false,
      by: 'commander-1',
      source: 'console',
      now: new Date(f.clock.at),
    });
    await page.click('#issue-tap');
    await page.waitForFunction((value) => document.querySelector('#secret')?.textContent?.includes(value), canary);
    // The privileged account is marked for escalation in the search results.
    await page.fill('#search-form input[name=q]', 'admin');
    await page.click('#search-form button');
    await page.waitForFunction(() => document.querySelector('#results')?.textContent?.includes('PRIVILEGED'));
    // The worklist shows the caller verified, with the outcome.
    assert.match((await page.textContent('#worklist-table')) ?? '', /jdoe.*call-back.*verified.*helpdesk-1/s);
  });
  assert.deepEqual(
    f.applied.filter((a) => a.kind === 'issueTap').map((a) => a.identity.key),
    ['u-1'],
  );
  const store = await f.app.store();
  const verifications = await store.db
    .selectFrom('helpdeskVerifications')
    .select(['verifiedBy', 'method', 'outcome'])
    .execute();
  assert.deepEqual(verifications, [{ verifiedBy: 'helpdesk-1', method: 'call-back', outcome: 'verified' }]);
});
