// Screenshots of the console's main screens at desktop (1280x800) and phone (390x844) width, into
// docs/screenshots/*.png (the README shows a few): the console fixture's store with an incident in
// progress (test/web/support/console-scenario.ts), served on loopback, in headless Chromium.
//   node --import tsx scripts/console-screenshots.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startConsoleFixture } from '../test/server/support/console-fixture.ts';
import { launchChromium } from '../test/web/support/browser-page.ts';
import { signInAs } from '../test/web/support/console-sign-in.ts';
import { seedIncident } from '../test/web/support/console-scenario.ts';

const out = 'docs/screenshots';
// a few screens, viewport-sized: the PNGs stay small (a few hundred KB in all)
const shots = { desktop: ['status', 'waves', 'plan', 'helpdesk', 'operators'], phone: ['status', 'helpdesk'] };
const sizes = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

const f = await startConsoleFixture();
await seedIncident(f);
const base = await f.server.listen({ host: '127.0.0.1', port: 0 });
const browser = await launchChromium();
mkdirSync(out, { recursive: true });
try {
  for (const [size, viewport] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await signInAs(page, f, base, 'commander-1');
    for (const screen of shots[size as keyof typeof shots]) {
      await page.click(`a[data-screen=${screen}]`);
      await page.waitForSelector(`#screen-${screen}:not([hidden])`);
      if (screen === 'helpdesk') {
        await page.fill('#search-q', 'jd');
        await page.click('#search-form button');
        await page.waitForSelector('#results-table');
      }
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(out, `${screen}-${size}.png`) });
      console.log(`${out}/${screen}-${size}.png`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await f.close();
}
