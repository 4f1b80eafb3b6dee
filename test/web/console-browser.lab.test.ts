// The console in headless Chromium (Debian's chromium through playwright-core): sign in with TOTP,
// approve a plan as the second person, pause the campaign, verify a caller and issue a TAP shown
// once. Outcomes are read back from the store. A screenshot is kept in test-results/ on failure.
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
  await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('killSwitch'));
}

test('commander signs in with TOTP, approves the plan alice wrote, pauses the campaign', async () => {
  await withPage(browser, 'console-approve-pause', async (page) => {
    await signIn(page, 'commander-1');
    assert.match((await page.textContent('#who')) ?? '', /commander/);
    assert.equal(await page.locator('#chart svg').count(), 1);
    // The dashboard panels, drawn from GET /api/campaigns/:id/dashboard.
    await page.waitForSelector('#progress-chart svg[aria-label="Progress over time"]');
    assert.equal(
      await page.locator('#forecast-chart svg[aria-label="Forecast versus actual helpdesk calls"]').count(),
      1,
    );
    assert.match(
      (await page.textContent('#helpdesk-queue')) ?? '',
      /^Queue depth 0 · calls 0 of 0 forecast · 0 people verified · 0 credentials issued$/,
    );
    assert.match((await page.textContent('#throttling')) ?? '', /Throttled 0 times, 0 retries, 0 waiting to retry/);
    assert.match((await page.textContent('#missed')) ?? '', /No verification has run yet/);
    await page.click('#approve');
    await page.waitForFunction(() => document.querySelector('#plan')?.textContent?.includes('commander-1'));
    await page.click('#pause');
    await page.waitForFunction(() => /"engaged": true/.test(document.querySelector('#status')?.textContent ?? ''));
  });
  const store = await f.app.store();
  const approvals = await store.db.selectFrom('approvals').select(['approver', 'planVersionId']).execute();
  assert.deepEqual(
    approvals.map((a) => [a.approver, a.planVersionId]),
    [['commander-1', f.versionId]],
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
    await page.fill('#search-form input[name=q]', 'jd');
    await page.click('#search-form button');
    await page.click('#results button');
    await page.selectOption('#verify-form select[name=method]', 'call-back');
    await page.fill(
      '#verify-form textarea[name=evidence]',
      'called back the mobile number on file; confirmed employee number',
    );
    await page.click('#verify-form button[type=submit]');
    await page.waitForFunction(() => document.querySelector('#secret')?.textContent?.includes('verified'));
    // Paused by the commander (the test before): the door refuses the helpdesk's write too.
    await page.click('#issue-tap');
    await page.waitForFunction(() => /KILL_SWITCH_ENGAGED|paused/.test(document.body.textContent ?? ''));
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
