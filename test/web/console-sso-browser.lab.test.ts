// Single sign-on in headless Chromium: the "Sign in with SSO" button shows only when OIDC is
// configured; clicking it goes through a real OpenID provider (oidc-provider on loopback) and
// back, and the console opens as that operator with their own role; switched off in the store
// (`reclaim operator oidc-switch off`), the open SSO session ends and the page says why. A
// screenshot is kept in test-results/ on failure.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { switchOidcSignIn } from '../../src/app/console/switch-oidc-sign-in.ts';
import { createConsoleServer } from '../../src/server/create-console-server.ts';
import type { ConsoleFixture } from '../server/support/console-fixture.ts';
import { startOidcConsole, type OidcConsole } from '../server/support/oidc-console-fixture.ts';
import type { TestOidcProvider } from '../server/support/test-oidc-provider.ts';
import { launchChromium, withPage } from './support/browser-page.ts';

let f: ConsoleFixture;
let idp: TestOidcProvider;
let browser: Browser;
let oidcConsole: OidcConsole | undefined;
let base = '';

/** a free loopback port: the provider must know the console's redirect URL before it listens */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

before(async () => {
  const port = await freePort();
  const redirectUrl = `http://127.0.0.1:${port}/api/oidc/callback`;
  oidcConsole = await startOidcConsole(redirectUrl, ['commander-1']);
  ({ idp, f } = oidcConsole);
  base = await f.server.listen({ host: '127.0.0.1', port });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await oidcConsole?.close();
});

/** the console's SSO button, the provider signing in as user, and back: the console opens */
async function signInBySso(page: Page, user: string): Promise<void> {
  await page.goto(base);
  await page.waitForSelector('#sso:not([hidden])');
  idp.nextUser(user);
  await page.click('#sso-link');
  await page.waitForSelector('#app-view:not([hidden])');
}

test('the SSO button signs a commander in through the provider; the console shows them with their role', async () => {
  await withPage(browser, 'console-sso-sign-in', async (page) => {
    await signInBySso(page, 'commander-1');
    assert.match((await page.textContent('#who')) ?? '', /commander-1 \(commander\)/);
    await page.waitForSelector('#kill-switch[data-engaged=false]');
    await page.click('#pause');
    await page.click('dialog button[value=ok]');
    await page.waitForSelector('#kill-switch[data-engaged=true]');
  });
  const store = await f.app.store();
  const campaign = await store.db
    .selectFrom('campaigns')
    .select('killSwitch')
    .where('id', '=', f.campaignId)
    .executeTakeFirstOrThrow();
  assert.equal(Number(campaign.killSwitch), 1, 'the pause went through with the SSO session and its CSRF token');
});

test('an account without OIDC allowed comes back to the sign-in page with the refusal shown', async () => {
  await withPage(browser, 'console-sso-refused', async (page) => {
    await page.goto(base);
    idp.nextUser('viewer-1');
    await page.click('#sso-link');
    await page.waitForFunction(() =>
      /Single sign-on refused/.test(document.querySelector('#error')?.textContent ?? ''),
    );
    assert.equal(await page.isVisible('#app-view'), false);
  });
});

test('switched off in the store: the open SSO session ends at the next load, the button goes, an SSO attempt says why', async () => {
  await withPage(browser, 'console-sso-switched-off', async (page) => {
    await signInBySso(page, 'commander-1');
    await switchOidcSignIn(f.app, { on: false, confirmed: true, reason: 'browser test' });
    try {
      await page.goto(base);
      await page.waitForSelector('#login-form');
      await page.waitForFunction(() => document.querySelector('#sso')?.hasAttribute('hidden') === true);
      assert.equal(await page.isVisible('#app-view'), false, 'the SSO session is over');
      await page.goto(`${base}/api/oidc/login`);
      await page.waitForFunction(() =>
        /switched off by the incident commander/.test(document.querySelector('#error')?.textContent ?? ''),
      );
      assert.equal(new URL(page.url()).search, '?sso=off');
    } finally {
      await switchOidcSignIn(f.app, { on: true, confirmed: true });
    }
  });
});

test('without console.oidc the button is not shown', async () => {
  const plain = await createConsoleServer({ app: { ...f.app, config: { ...f.app.config, console: {} } } });
  const plainBase = await plain.listen({ host: '127.0.0.1', port: 0 });
  try {
    await withPage(browser, 'console-sso-absent', async (page) => {
      await page.goto(plainBase);
      await page.waitForSelector('#login-form');
      await page.waitForFunction(() => document.querySelector('#sso')?.hasAttribute('hidden') === true);
      assert.equal(await page.isVisible('#sso-link'), false);
    });
  } finally {
    await plain.close();
  }
});
