// `npm run bench -- status-api [--count N] [--rounds R] [--seconds S] [--viewers V] [--agents A]`:
// the console's status API at a million identities (bench/support/console-seed.ts) as its users
// poll it: viewers polling the campaign status and their session, helpdesk agents searching people,
// at once, over HTTP, each round from a console restart (bench/support/console-bench.ts). Last
// line: p99 of every request; ok when p99 < 100 ms, the slowest < 1 s and the console's event loop
// never stood still > 100 ms.
import { consoleBench } from './support/console-bench.ts';

await consoleBench('status-api', ['status', 'session'], 'p99 of GET status + session + helpdesk search');
