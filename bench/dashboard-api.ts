// `npm run bench -- dashboard-api [--count N] [--rounds R] [--seconds S] [--viewers V] [--agents A]`:
// the console's dashboard page at a million identities (bench/support/console-seed.ts: a campaign six
// hours in, a million-assignment plan, 2.5M journal entries, 20,000 helpdesk verifications) as its
// users load it: viewers refreshing the page (status, dashboard, session) and helpdesk agents
// searching people, at once, over HTTP, each round from a console restart
// (bench/support/console-bench.ts). Last line: p99 of every request; ok when p99 < 100 ms, the
// slowest < 1 s and the console's event loop never stood still > 100 ms.
import { consoleBench } from './support/console-bench.ts';

await consoleBench(
  'dashboard-api',
  ['status', 'dashboard', 'session'],
  'p99 of GET status + dashboard + session + helpdesk search',
);
