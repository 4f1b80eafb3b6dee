// A small pool of bound connections to the configured DCs, at most `maxConcurrency` in use at once.
// The first URL is preferred; the next ones are tried when a DC cannot be reached. A connection
// that saw a socket error or a timeout is thrown away: ldapts re-opens such a socket unbound.
import type { Client } from 'ldapts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { isEncrypted, openLdapClient, type LdapEndpointOptions } from './open-ldap-client.ts';

export interface PoolOptions extends Omit<LdapEndpointOptions, 'url'> {
  urls: string[];
  maxConcurrency: number;
}

export interface Lease {
  client: Client;
  url: string;
  /** give the connection back; `broken` closes it instead */
  release(broken?: boolean): void;
}

export class LdapConnectionPool {
  readonly #options: PoolOptions;
  readonly #idle: Array<{ client: Client; url: string }> = [];
  readonly #waiters: Array<() => void> = [];
  #inUse = 0;
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  get urls(): readonly string[] {
    return this.#options.urls;
  }

  endpoint(url: string): LdapEndpointOptions {
    const { urls: _urls, maxConcurrency: _max, ...rest } = this.#options;
    return { ...rest, url };
  }

  /** SAFETY: every write goes through here; a write over an unencrypted connection is refused. */
  assertWritable(url: string): void {
    if (!isEncrypted({ url, startTls: this.#options.startTls }) || this.#options.readOnly) {
      const why = this.#options.readOnly ? 'the directory is configured readOnly' : 'the connection is not encrypted';
      throw new ReclaimError('INSECURE_TRANSPORT', `refused to write to ${url}: ${why}`);
    }
  }

  async acquire(): Promise<Lease> {
    if (this.#closed) throw new ReclaimError('DIRECTORY_UNAVAILABLE', 'the directory connection pool is closed');
    while (this.#inUse >= this.#options.maxConcurrency) await new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#inUse += 1;
    try {
      let idle = this.#idle.pop();
      while (idle && !idle.client.isBound) {
        await idle.client.unbind().catch(() => undefined);
        idle = this.#idle.pop();
      }
      const conn = idle ?? (await this.#open());
      let released = false;
      return {
        client: conn.client,
        url: conn.url,
        release: (broken = false) => {
          if (released) return;
          released = true;
          if (broken || this.#closed || !conn.client.isBound) void conn.client.unbind().catch(() => undefined);
          else this.#idle.push(conn);
          this.#inUse -= 1;
          this.#waiters.shift()?.();
        },
      };
    } catch (error) {
      this.#inUse -= 1;
      this.#waiters.shift()?.();
      throw error;
    }
  }

  async #open(): Promise<{ client: Client; url: string }> {
    let last: unknown;
    for (const url of this.#options.urls) {
      try {
        return { client: await openLdapClient(this.endpoint(url)), url };
      } catch (error) {
        last = error;
        // only an unreachable DC is a reason to try the next one; a refused logon is not
        if (!(error instanceof ReclaimError) || error.code !== 'DIRECTORY_UNAVAILABLE') throw error;
      }
    }
    throw last;
  }

  /** Runs `work` on a pooled connection; a connection-level failure discards the connection. */
  async use<T>(work: (client: Client, url: string) => Promise<T>): Promise<T> {
    const lease = await this.acquire();
    try {
      const result = await work(lease.client, lease.url);
      lease.release();
      return result;
    } catch (error) {
      lease.release(isConnectionFailure(error));
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle.splice(0);
    await Promise.all(idle.map((c) => c.client.unbind().catch(() => undefined)));
  }
}

/** Anything but an LDAP result: a timeout, a reset socket, a closed connection. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ReclaimError) return ['DIRECTORY_UNAVAILABLE', 'OUTCOME_UNKNOWN'].includes(error.code);
  return typeof (error as { code?: unknown })?.code !== 'number';
}
