// The console under measurement, in its own process (console-load.ts forks it): what `reclaim serve`
// runs (an app on the config, createConsoleServer on 127.0.0.1), plus two probes of its event loop:
// monitorEventLoopDelay and a 10 ms interval whose lateness is the longest time the loop could not
// run a timer (so could not answer any request). Asked over IPC ('stats'), it sends what both saw
// since the last ask; 'stop' closes the server and the app.
// argv: CONFIG_FILE [reads-on-loop]. `reads-on-loop` serves the store's reader from the main
// connection (reader = db): the console as it was before the read worker, for the side-by-side run.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../../src/app/create-app.ts';
import type { Store } from '../../src/store/open-store.ts';
import { createConsoleServer } from '../../src/server/create-console-server.ts';

const [configFile, mode] = process.argv.slice(2);
const send = (message: unknown) => process.send?.(message);

const app = createApp({ configFile: configFile!, operator: 'console' });
if (mode === 'reads-on-loop') {
  const open = app.store.bind(app);
  let onLoop: Promise<Store> | undefined;
  app.store = () => (onLoop ??= open().then((store) => ({ ...store, reader: store.db })));
}

const period = 10;
const delay = monitorEventLoopDelay({ resolution: period });
let longestLateMs = 0;
/** the longest lateness not explained by waiting for a CPU: the loop held by the console's own work (or a blocking call) */
let longestHeldMs = 0;
/**
 * The main thread's CPU time and time spent runnable but waiting for a CPU (ns), from Linux's
 * schedstat: tells a loop held by the console's own work from a process the machine did not run.
 */
const schedFile = `/proc/self/task/${process.pid}/schedstat`;
const sched = (): [number, number] => {
  try {
    const [cpu, wait] = readFileSync(schedFile, 'utf8').split(' ').map(Number);
    return [cpu ?? 0, wait ?? 0];
  } catch {
    return [0, 0];
  }
};
/** stalls over 50 ms: [ms since the last 'stats', how long, of it main-thread CPU ms, waiting for a CPU ms] */
let stalls: Array<[number, number, number, number]> = [];
let since = performance.now();
let expected = performance.now() + period;
let last = sched();
const probe = setInterval(() => {
  const now = performance.now();
  const at = sched();
  longestLateMs = Math.max(longestLateMs, now - expected);
  longestHeldMs = Math.max(longestHeldMs, now - expected - (at[1] - last[1]) / 1e6);
  if (now - expected > 50)
    stalls.push([
      Math.round(expected - since),
      Math.round(now - expected),
      Math.round((at[0] - last[0]) / 1e6),
      Math.round((at[1] - last[1]) / 1e6),
    ]);
  last = at;
  expected = now + period;
}, period);
delay.enable();

// CONSOLE_BENCH_PROFILE=DIR: a CPU profile of the console process, written there when it stops.
const profileDir = process.env.CONSOLE_BENCH_PROFILE;
const profiler = profileDir ? new Session() : undefined;
profiler?.connect();
const post = (method: string) =>
  new Promise<unknown>((resolve, reject) =>
    profiler?.post(method, (error, result) => (error ? reject(error) : resolve(result))),
  );
if (profiler) {
  await post('Profiler.enable');
  await post('Profiler.start');
}

const server = await createConsoleServer({ app });
const url = await server.listen({ host: '127.0.0.1', port: 0 });
send({ url });

process.on('message', async (message: string) => {
  if (message === 'stats') {
    send({
      stats: {
        stallMs: Number(longestLateMs.toFixed(1)),
        heldMs: Number(Math.max(0, longestHeldMs).toFixed(1)),
        delayMaxMs: Number(Math.max(0, delay.max / 1e6 - period).toFixed(1)),
        delayP99Ms: Number((delay.percentile(99) / 1e6).toFixed(1)),
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
        stalls,
      },
    });
    longestLateMs = 0;
    longestHeldMs = 0;
    stalls = [];
    since = performance.now();
    delay.reset();
  } else if (message === 'stop') {
    clearInterval(probe);
    delay.disable();
    await server.close();
    await app.close();
    if (profiler) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(
        join(profileDir!, `console-${mode ?? 'worker'}-${process.pid}.cpuprofile`),
        JSON.stringify(profile),
      );
    }
    send({ stopped: true });
    process.exit(0);
  }
});
