// A sender in its own process, so a test can kill it with SIGKILL mid-batch and start it again:
// it sends the announcement of one wave to `count` users, journaled in a SQLite store, and prints
// the result as JSON on its last line. Arguments come as one JSON document in argv[2]; the SMTP
// password comes from the environment, as a real deployment's env: reference would.
import { readFileSync } from 'node:fs';
import { Secret } from '../../../src/core/secret.ts';
import { loadNoticeTemplates } from '../../../src/notify/load-notice-templates.ts';
import { createRateLimiter } from '../../../src/notify/rate-limiter.ts';
import { sendNotices } from '../../../src/notify/send-notices.ts';
import { createSmtpTransport } from '../../../src/notify/smtp-transport.ts';
import { StoreNoticeJournal } from '../../../src/notify/store-notice-journal.ts';
import { openStore } from '../../../src/store/open-store.ts';
import { aRequest, anIdentity, someSettings } from './notice-builders.ts';

export interface ChildArgs {
  storeUrl: string;
  port: number;
  caFile: string;
  user: string;
  campaignId: string;
  waveId: number;
  count: number;
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const store = await openStore(args.storeUrl);
const transport = createSmtpTransport({
  host: '127.0.0.1',
  port: args.port,
  security: 'starttls',
  user: args.user,
  password: new Secret(process.env.RECLAIM_TEST_SMTP_PASSWORD ?? ''),
  ca: readFileSync(args.caFile, 'utf8'),
  timeoutMs: 5000,
});
const requests = Array.from({ length: args.count }, (_, i) =>
  aRequest({
    campaignId: args.campaignId,
    wave: {
      id: args.waveId,
      name: 'Finance',
      startsAt: '2026-11-26T08:00:00.000Z',
      deadlineAt: '2026-11-29T16:00:00.000Z',
    },
    identity: anIdentity({ name: `user${String(i).padStart(2, '0')}` }),
  }),
);
const result = await sendNotices(requests, {
  transport,
  journal: new StoreNoticeJournal(store),
  templates: loadNoticeTemplates(),
  limiter: createRateLimiter({ limit: 600, windowMs: 60_000 }),
  settings: someSettings(),
  now: () => new Date(),
  backoffMs: () => 0,
});
transport.close();
await store.close();
console.log(JSON.stringify(result.counts));
