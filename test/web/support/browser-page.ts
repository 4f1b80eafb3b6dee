// Headless Chromium for the console's browser tests (Debian's chromium through playwright-core,
// which gives it a fresh temporary user-data-dir), and a page per test whose screenshot is kept
// in test-results/ when the test fails.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function withPage(browser: Browser, name: string, work: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await work(page);
  } catch (error) {
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: join('test-results', `${name}.png`), fullPage: true }).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}
