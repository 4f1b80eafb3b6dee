// The console's screens in headless Chromium on an incident in progress (console-scenario.ts):
// screens and buttons per role, failures grouped by cause and counted as the store counts them,
// the wave table, the plan review, missed accounts with filters, the audit log newest first with
// paging, the operators screen (disable read back from the store; a reset shown once, Escape
// closes the dialog), helpdesk search errors next to the form, axe-core with no serious or
// critical violation on each screen, and no horizontal overflow at phone width. A screenshot is
// kept in test-results/ on failure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { appendAudit } from '../../src/store/audit/append-audit.ts';
import { startConsoleFixture, type ConsoleFixture } from '../server/support/console-fixture.ts';
import { launchChromium, withPage } from './support/browser-page.ts';
import { seedIncident } from './support/console-scenario.ts';
import { signInAs } from './support/console-sign-in.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let f: ConsoleFixture;
let browser: Browser;
let base = '';

before(async () => {
  f = await startConsoleFixture();
  await seedIncident(f);
  base = await f.server.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await f?.close();
});

const signIn = (page: Page, username: string) => signInAs(page, f, base, username);

async function open(page: Page, screen: string): Promise<void> {
  await page.click(`a[data-screen=${screen}]`);
  await page.waitForSelector(`#screen-${screen}:not([hidden])`);
}

/** axe-core's serious and critical violations on the page as it is (evaluated: the CSP allows no inline script) */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(
    'axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ' +
      '({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) })))',
  )) as Array<{ id: string; impact: string; nodes: string[] }>;
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes}`);
}

test('helpdesk and viewer see no Pause, Resume or Approve, nor screens they cannot use', async () => {
  for (const role of ['helpdesk', 'viewer']) {
    await withPage(browser, `console-role-${role}`, async (page) => {
      await signIn(page, `${role}-1`);
      assert.equal(await page.locator('#pause, #resume, #approve').count(), 0);
      const visible = await page.$$eval('#screens li:not([hidden]) a', (links) =>
        links.map((a) => (a as HTMLElement).dataset.screen),
      );
      assert.deepEqual(
        visible,
        role === 'helpdesk' ? ['status', 'waves', 'helpdesk', 'missed'] : ['status', 'waves', 'missed'],
      );
      // The plan's address typed by hand still shows the status, not a refusal.
      await page.goto(`${base}/#/plan`);
      await page.waitForSelector('#kill-switch');
      assert.equal(await page.isVisible('#screen-plan'), false);
      assert.ok(!((await page.textContent('body')) ?? '').includes('PERMISSION_DENIED'));
    });
  }
});

test('status: failures grouped by cause as the store counts them, the data age, the charts in figures', async () => {
  await withPage(browser, 'console-status', async (page) => {
    await signIn(page, 'commander-1');
    const store = await f.app.store();
    const failed = await store.db
      .selectFrom('actions')
      .select(['lastErrorCode'])
      .where('campaignId', '=', f.campaignId)
      .where('state', '=', 'failed')
      .execute();
    const byCode = new Map<string, number>();
    for (const r of failed) byCode.set(r.lastErrorCode!, (byCode.get(r.lastErrorCode!) ?? 0) + 1);
    for (const [code, n] of byCode)
      assert.match(
        (await page.textContent(`#failures li[data-code=${code}]`)) ?? '',
        new RegExp(`^${n} actions? ${code}`),
      );
    assert.equal(await page.textContent('#totals [data-total=failed] dd'), String(failed.length));
    // The time chart counts failed actions as the status does (the journal holds one more failure entry).
    assert.equal(await page.textContent('#progress-chart [data-total=failed]'), `${failed.length} failed`);
    assert.match((await page.textContent('#age')) ?? '', /^updated \d+ s ago/);
    assert.equal(await page.getAttribute('#age', 'class'), 'fresh');
    // Wave labels are in their own column, shortened with an ellipsis, the full name in the tooltip.
    const label = page.locator('#chart .bar-row[data-wave="1"] .bar-label');
    assert.equal(
      await label.getAttribute('title'),
      '1. Finance, Accounting and Treasury department (Paris head office)',
    );
    const box = await label.boundingBox();
    const bar = await page.locator('#chart .bar-row[data-wave="1"] svg').boundingBox();
    assert.ok(box && bar && box.x + box.width <= bar.x, 'the label ends before the bar starts');
    assert.equal(await page.locator('pre').count(), 0, 'no raw JSON anywhere');
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('waves, plan review and missed accounts read as tables, with filters, and pass axe', async () => {
  await withPage(browser, 'console-waves-plan-missed', async (page) => {
    await signIn(page, 'commander-1');
    await open(page, 'waves');
    assert.match((await page.textContent('#next-due')) ?? '', /^Due now: wave 2 \(Engineering\)/);
    assert.equal(await page.getAttribute('#wave-table tr[data-wave="2"]', 'data-state'), 'due');
    assert.deepEqual(await axeViolations(page), []);

    await open(page, 'plan');
    await page.waitForSelector('#plan section.wave');
    assert.equal(await page.locator('#plan section.wave').count(), 3);
    const plan = (await page.textContent('#plan')) ?? '';
    assert.match(plan, /about 475 helpdesk calls in all/);
    assert.ok(!/\d\.\d+ (helpdesk )?calls/.test(plan), 'forecast numbers are rounded');
    assert.match(plan, /revokeSessions/);
    assert.deepEqual(await axeViolations(page), []);
    // Escape closes the approval dialog and nothing is approved.
    await page.click('#approve');
    await page.waitForSelector('dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });

    await open(page, 'missed');
    assert.match((await page.textContent('#missed-summary')) ?? '', /20 checked, 12 changed, 8 missed/);
    const all = await page.locator('#missed-table tbody tr').count();
    assert.ok(all >= 5, `missed accounts listed: ${all}`);
    await page.selectOption('#missed-state', 'failed');
    const failed = await page.locator('#missed-table tbody tr').count();
    assert.ok(failed > 0 && failed < all, `filtered to the failed: ${failed} of ${all}`);
    for (const cell of await page.locator('#missed-table tbody tr td:nth-child(4)').allTextContents())
      assert.equal(cell, 'failed');
    await page.fill('#missed-q', 'zzz-nobody');
    await page.waitForFunction(() => document.querySelector('#missed-count')?.textContent?.startsWith('0 of'));
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('audit: newest first, 50 a page, Older pages back to the first entry', async () => {
  const store = await f.app.store();
  for (let i = 0; i < 60; i++)
    await appendAudit(store, {
      actor: 'alice',
      action: 'test.filler',
      source: 'cli',
      now: f.clock.at,
      details: { i },
    });
  const newest = await store.db
    .selectFrom('auditLog')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirstOrThrow();
  await withPage(browser, 'console-audit', async (page) => {
    await signIn(page, 'commander-1');
    await open(page, 'audit');
    await page.waitForSelector('#audit-table');
    const seqs = async () => (await page.locator('#audit-table tbody tr td:first-child').allTextContents()).map(Number);
    const first = await seqs();
    assert.equal(first.length, 50);
    assert.ok(first[0]! >= Number(newest.seq), 'the newest entry first');
    assert.deepEqual(
      first,
      [...first].sort((a, b) => b - a),
    );
    await page.click('#audit-older');
    await page.waitForFunction(
      (top) => document.querySelector('#audit-table tbody td')?.textContent !== String(top),
      first[0],
    );
    const second = await seqs();
    assert.equal(second[0], first.at(-1)! - 1, 'the next page continues where the first ended');
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('operators: a commander disables an account (read back), resets one (shown once), Escape closes', async () => {
  await withPage(browser, 'console-operators', async (page) => {
    await signIn(page, 'commander-1');
    await open(page, 'operators');
    await page.waitForSelector('#operators-table');
    assert.equal(
      await page.locator('tr[data-username="commander-1"] button[data-change=disable]').count(),
      0,
      'not oneself',
    );
    await page.click('tr[data-username="viewer-1"] button[data-change=disable]');
    await page.fill('dialog input[name=reason]', 'left the incident team');
    await page.click('dialog button[value=ok]');
    await page.waitForSelector('tr[data-username="viewer-1"] button[data-change=enable]');
    await page.click('tr[data-username="operator-1"] button[data-change=reset]');
    await page.click('dialog button[value=ok]');
    await page.waitForSelector('dialog[open] code.secret');
    const shown = await page.locator('dialog code.secret').allTextContents();
    assert.ok(shown[0]!.length >= 16 && shown[1]!.startsWith('otpauth://'), 'password and enrolment URI shown');
    assert.deepEqual(await axeViolations(page), []);
    await page.keyboard.press('Escape');
    await page.waitForSelector('dialog', { state: 'detached' });
    assert.ok(!((await page.textContent('body')) ?? '').includes(shown[0]!), 'gone once closed');
  });
  const store = await f.app.store();
  const viewer = await store.db
    .selectFrom('operators')
    .select('disabledAt')
    .where('username', '=', 'viewer-1')
    .executeTakeFirstOrThrow();
  assert.ok(viewer.disabledAt, 'disabled in the store');
  const audit = await store.db
    .selectFrom('auditLog')
    .select(['actor', 'target', 'details'])
    .where('action', 'like', '%disable%')
    .execute();
  assert.ok(
    audit.some((a) => a.actor === 'commander-1' && a.details.includes('left the incident team')),
    JSON.stringify(audit),
  );
});

test('helpdesk: a failed search clears the old results and says why next to the form', async () => {
  await withPage(browser, 'console-helpdesk-search', async (page) => {
    await signIn(page, 'helpdesk-1');
    await open(page, 'helpdesk');
    await page.fill('#search-q', 'jd');
    await page.click('#search-form button');
    await page.waitForSelector('#results-table');
    assert.match((await page.textContent('#results-table tbody')) ?? '', /jdoe/);
    assert.match((await page.textContent('#worklist-table')) ?? '', /jdoe.*video.*verified.*helpdesk-1/s);
    // one character passes the browser's minlength only when typed by a script: the server refuses it
    await page.$eval('#search-q', (input) => input.removeAttribute('minlength'));
    await page.fill('#search-q', 'j');
    await page.click('#search-form button');
    await page.waitForFunction(() => document.querySelector('#search-message')?.textContent?.includes('INPUT_INVALID'));
    assert.equal(await page.locator('#results-table').count(), 0, 'old results cleared');
    const form = await page.locator('#search-form').boundingBox();
    const message = await page.locator('#search-message').boundingBox();
    assert.ok(form && message && message.y - (form.y + form.height) < 60, 'the error is right under the form');
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('phone width (390 px): no screen scrolls sideways; keyboard focus is visible', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  try {
    await signIn(page, 'commander-1');
    for (const screen of ['status', 'waves', 'plan', 'helpdesk', 'missed', 'tasks', 'audit', 'operators']) {
      await open(page, screen);
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, `${screen} overflows by ${overflow}px`);
    }
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    assert.equal(outline, 'solid', 'the focused control shows its focus');
  } catch (error) {
    await page.screenshot({ path: 'test-results/console-phone.png', fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
});
