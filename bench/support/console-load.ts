// Drives a console the way its users do, over HTTP on loopback, and measures it from both sides.
// The console runs in its own process (console-server-process.ts), started afresh for each round:
// the clients start the moment it listens, so the first requests after a restart are part of the
// measurement (it listens once it has computed the open campaigns' figures, its readiness: the
// time from the process's start to its listening is reported per round), and with the 2 s shared
// snapshot every round also holds the requests served while a refresh runs. Clients, all at once: viewers refreshing the dashboard
// page (status, then dashboard, then their session), think time 150-350 ms; helpdesk agents
// searching people by a name prefix, think time 300-700 ms.
// Reported: each request's latency (client side), errors, and from inside the console process the
// longest its event loop stood still (a 10 ms interval's lateness, and monitorEventLoopDelay).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { addOperatorAccount } from '../../src/app/console/add-operator-account.ts';
import type { App } from '../../src/app/create-app.ts';
import { base32Decode } from '../../src/app/auth/base32.ts';
import { totpAt } from '../../src/app/auth/totp.ts';
import { Secret } from '../../src/core/secret.ts';
import { sessionCookie } from '../../src/server/create-console-server.ts';

export interface ServerStats {
  /** the longest a 10 ms timer ran late */
  stallMs: number;
  /** the same less the time the main thread waited for a CPU (Linux schedstat) */
  heldMs: number;
  delayMaxMs: number;
  delayP99Ms: number;
  rssMb: number;
  /** stalls over 50 ms: [ms after the clients started, how long, main-thread CPU ms, waiting for a CPU ms] */
  stalls: Array<[number, number, number, number]>;
}
export interface LoadResult {
  /** per route: every request's milliseconds */
  times: Map<string, number[]>;
  errors: string[];
  /** per round, what the console process saw */
  rounds: ServerStats[];
  /** per round, the first answer of each route after the start (ms) */
  firsts: Array<Record<string, number>>;
  /** the last answer of each route (its JSON text) */
  last: Map<string, string>;
  /** per round, ms from starting the console process to its listening (its readiness: the warm-up included) */
  ready: number[];
}
export interface LoadOptions {
  configFile: string;
  campaignId: string;
  /** measured rounds, each on a console started afresh (one more before them signs the clients in) */
  rounds: number;
  seconds: number;
  /** what a viewer's page asks for, in order, on every refresh */
  page: Array<'status' | 'dashboard' | 'session'>;
  viewers: number;
  agents: number;
  /** reads-on-loop: the store's reader served by the main connection (the console before the read worker) */
  mode?: 'reads-on-loop';
}

const serverScript = fileURLToPath(new URL('./console-server-process.ts', import.meta.url));
const password = 'bench password 0123';

type Console = { url: string; ask: (m: string) => Promise<Record<string, unknown>> };

function startConsole(configFile: string, mode: string | undefined): Promise<Console> {
  const child = fork(serverScript, [configFile, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting: Array<(m: Record<string, unknown>) => void> = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the console process exited (${code}) before it listened`)));
    child.on('message', (m: Record<string, unknown>) => {
      if (typeof m.url === 'string')
        resolve({
          url: m.url,
          ask: (text) =>
            new Promise((answer) => {
              waiting.push(answer);
              child.send(text);
            }),
        });
      else waiting.shift()?.(m);
    });
  });
}

/** Viewer and helpdesk accounts in the store, and their session cookies from /api/login on a console. */
async function signIn(app: App, url: string, role: 'viewer' | 'helpdesk', n: number): Promise<string[]> {
  const cookies: string[] = [];
  for (let i = 0; i < n; i++) {
    const username = `bench-${role}-${i}-${Date.now()}`;
    const created = await addOperatorAccount(app, { username, role, password: new Secret(password) });
    const login = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username,
        password,
        totp: totpAt(base32Decode(created.totpSecret.reveal()), Date.now() / 1000),
      }),
    });
    const cookie = /reclaim_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
    if (!cookie) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    cookies.push(`${sessionCookie}=${cookie}`);
  }
  return cookies;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

export async function driveConsole(app: App, options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { times: new Map(), errors: [], rounds: [], firsts: [], last: new Map(), ready: [] };
  let viewerCookies: string[] = [];
  let agentCookies: string[] = [];
  for (let round = 0; round <= options.rounds; round++) {
    const starting = performance.now();
    const console_ = await startConsole(options.configFile, options.mode);
    const readyMs = performance.now() - starting;
    if (round === 0) {
      // Signing in writes sessions to the store: done on the first console, kept across restarts.
      viewerCookies = await signIn(app, console_.url, 'viewer', Math.min(4, options.viewers));
      agentCookies = await signIn(app, console_.url, 'helpdesk', Math.min(2, options.agents));
      await console_.ask('stop');
      continue;
    }
    await console_.ask('stats');
    const firsts: Record<string, number> = {};
    const get = async (route: string, path: string, cookie: string) => {
      const start = performance.now();
      try {
        const response = await fetch(`${console_.url}${path}`, { headers: { cookie } });
        const body = await response.text();
        if (response.status !== 200) result.errors.push(`${route}: ${response.status} ${body.slice(0, 200)}`);
        else result.last.set(route, body);
      } catch (error) {
        result.errors.push(`${route}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const ms = performance.now() - start;
      if (!result.times.has(route)) result.times.set(route, []);
      result.times.get(route)!.push(ms);
      firsts[route] ??= Number(ms.toFixed(1));
    };
    const until = performance.now() + options.seconds * 1000;
    const id = options.campaignId;
    const viewer = async (cookie: string) => {
      while (performance.now() < until) {
        for (const route of options.page)
          await get(route, route === 'session' ? '/api/session' : `/api/campaigns/${id}/${route}`, cookie);
        await sleep(between(150, 350));
      }
    };
    const agent = async (cookie: string) => {
      while (performance.now() < until) {
        const prefix = `user${Math.floor(Math.random() * 100_000)}`;
        await get('search', `/api/campaigns/${id}/identities?q=${prefix}`, cookie);
        await sleep(between(300, 700));
      }
    };
    await Promise.all([
      ...Array.from({ length: options.viewers }, (_, i) => viewer(viewerCookies[i % viewerCookies.length]!)),
      ...Array.from({ length: options.agents }, (_, i) => agent(agentCookies[i % agentCookies.length]!)),
    ]);
    result.rounds.push((await console_.ask('stats')).stats as ServerStats);
    result.firsts.push(firsts);
    result.ready.push(Number(readyMs.toFixed(1)));
    await console_.ask('stop');
  }
  return result;
}

export const quantile = (xs: readonly number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * q) - 1)] ?? Number.NaN;
