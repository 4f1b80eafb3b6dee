// Preloaded in every test run (scripts/run-tests.mjs): any connection or DNS lookup that would leave
// the machine fails loudly. Tests and benchmarks talk to 127.0.0.0/8 and ::1 only.
import dns from 'node:dns';
import net from 'node:net';

const allowedNames = new Set(['localhost']);

export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined || host === '') return true; // Node defaults to localhost
  const h = host.replace(/^\[|\]$/g, '');
  if (allowedNames.has(h.toLowerCase())) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || /^::ffff:127\./i.test(h);
  return false;
}

function refuse(what: string): Error {
  const error = new Error(`loopback guard: refused ${what}: tests may only reach 127.0.0.0/8 and ::1`);
  (error as NodeJS.ErrnoException).code = 'ELOOPBACKGUARD';
  return error;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  let host: string | undefined;
  let path: string | undefined;
  if (Array.isArray(first)) {
    // internal normalized form: [options, callback]
    const options = first[0] as net.NetConnectOpts & { host?: string; path?: string };
    host = options?.host;
    path = options?.path;
  } else if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; path?: string };
    host = options.host;
    path = options.path;
  } else if (typeof first === 'string' && Number.isNaN(Number(first))) {
    path = first;
  } else {
    host = typeof args[1] === 'string' ? (args[1] as string) : undefined;
  }
  if (path === undefined && !isLoopbackHost(host)) {
    const error = refuse(`a connection to ${host}`);
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

const originalLookup = dns.lookup;
function guardedLookup(this: unknown, hostname: string, ...rest: unknown[]) {
  if (!isLoopbackHost(hostname)) {
    const callback = rest[rest.length - 1] as (err: Error) => void;
    process.nextTick(() => callback(refuse(`a DNS lookup of ${hostname}`)));
    return {};
  }
  return (originalLookup as (...a: unknown[]) => unknown).call(this, hostname, ...rest);
}
(dns as { lookup: unknown }).lookup = guardedLookup;

const originalPromiseLookup = dns.promises.lookup;
(dns.promises as { lookup: unknown }).lookup = async (hostname: string, ...rest: unknown[]) => {
  if (!isLoopbackHost(hostname)) throw refuse(`a DNS lookup of ${hostname}`);
  return (originalPromiseLookup as (...a: unknown[]) => Promise<unknown>)(hostname, ...rest);
};

for (const name of [
  'resolve',
  'resolve4',
  'resolve6',
  'resolveAny',
  'resolveCname',
  'resolveSrv',
  'resolveTxt',
] as const) {
  (dns as unknown as Record<string, unknown>)[name] = (hostname: string, ...rest: unknown[]) => {
    const callback = rest[rest.length - 1] as (err: Error) => void;
    process.nextTick(() => callback(refuse(`a DNS query for ${hostname}`)));
  };
  (dns.promises as unknown as Record<string, unknown>)[name] = async (hostname: string) => {
    throw refuse(`a DNS query for ${hostname}`);
  };
}
