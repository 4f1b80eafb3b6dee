// Signs a fixture account in through the console's own form (password + the current TOTP code).
import type { Page } from 'playwright-core';
import { base32Decode } from '../../../src/app/auth/base32.ts';
import { totpAt } from '../../../src/app/auth/totp.ts';
import { type ConsoleFixture, operatorPassword } from '../../server/support/console-fixture.ts';

export async function signInAs(page: Page, f: ConsoleFixture, base: string, username: string): Promise<void> {
  await page.goto(base);
  // each sign-in moves to the next TOTP step: a code is accepted once per step
  f.clock.at = new Date(f.clock.at.getTime() + 30_000);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', operatorPassword);
  await page.fill('input[name=totp]', totpAt(base32Decode(f.totpSecrets.get(username)!), f.clock.at.getTime() / 1000));
  await page.click('#login-form button');
  await page.waitForSelector('#app-view:not([hidden])');
  await page.waitForSelector('#kill-switch, #no-campaign:not([hidden])');
}
