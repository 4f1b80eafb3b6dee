// A small pool of bound connections to the configured DCs, at most `maxConcurrency` operations in
// flight at once, multiplexed over few connections (LDAP message IDs let many requests share one
// connection). The first URL is preferred; the next ones are tried when a DC cannot be reached. A
// connection that saw a socket error or a timeout takes no new operation and is closed once its
// last one ends: ldapts re-opens such a socket unbound.
//
// Two ways to take a connection, chosen by what the operation costs the DC (measured on Samba,
// bench/ad-write.ts and bench/ad-multi-dc.ts):
// - 'shared' (cheap writes such as pwdLastSet=0, reads): all on one connection. A DC applies writes
//   one transaction at a time, and Samba's LDAP workers are separate processes that reload their
//   database state after another one wrote: four connections with one request each ran at 0.7x of
//   one connection with sixteen in flight.
// - 'spread' (password resets: key derivation costs the DC CPU): over up to `connections`
//   connections, the least busy first, so a DC with spare cores derives keys in parallel (two
//   DCs' resets went from 1.26x to 1.9x one DC's with eight connections instead of one).
import type { Client } from 'ldapts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { isEncrypted, openLdapClient, type LdapEndpointOptions } from './open-ldap-client.ts';

export interface PoolOptions extends Omit<LdapEndpointOptions, 'url'> {
  urls: string[];
  /** operations in flight at once, over all connections */
  maxConcurrency: number;
  /** connections opened at most for 'spread' operations (default 1); 'shared' ones use the first */
  connections?: number;
}

export interface Lease {
  client: Client;
  url: string;
  /** give the connection back; `broken` retires it (no new operation; closed when idle) */
  release(broken?: boolean): void;
  /**
   * This operation's write has been answered and only a read on the same connection remains: its
   * place among the `maxConcurrency` goes to the next operation now, while the connection stays
   * held (same DC, not closed) until release. Keeps the DC's queue of writes full while finished
   * writes wait for a batched read (batched-uac-read.ts).
   */
  written(): void;
}

interface Slot {
  opened: Promise<{ client: Client; url: string }>;
  inFlight: number;
  retired: boolean;
}

export class LdapConnectionPool {
  readonly #options: PoolOptions;
  readonly #slots: Slot[] = [];
  readonly #waiters: Array<() => void> = [];
  #inUse = 0;
  #closed = false;

  constructor(options: PoolOptions) {
    this.#options = options;
  }

  get urls(): readonly string[] {
    return this.#options.urls;
  }

  /** connections open (or opening) and operations in flight, for tests and progress lines */
  get stats(): { connections: number; inFlight: number } {
    return { connections: this.#slots.length, inFlight: this.#inUse };
  }

  endpoint(url: string): LdapEndpointOptions {
    const { urls: _urls, maxConcurrency: _max, connections: _connections, ...rest } = this.#options;
    return { ...rest, url };
  }

  /** SAFETY: every write goes through here; a write over an unencrypted connection is refused. */
  assertWritable(url: string): void {
    if (!isEncrypted({ url, startTls: this.#options.startTls }) || this.#options.readOnly) {
      const why = this.#options.readOnly ? 'the directory is configured readOnly' : 'the connection is not encrypted';
      throw new ReclaimError('INSECURE_TRANSPORT', `refused to write to ${url}: ${why}`);
    }
  }

  async acquire(mode: 'shared' | 'spread' = 'shared'): Promise<Lease> {
    if (this.#closed) throw new ReclaimError('DIRECTORY_UNAVAILABLE', 'the directory connection pool is closed');
    while (this.#inUse >= this.#options.maxConcurrency)
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    this.#inUse += 1;
    try {
      for (;;) {
        const slot = this.#pick(mode);
        slot.inFlight += 1;
        let conn: { client: Client; url: string };
        try {
          conn = await slot.opened;
        } catch (error) {
          slot.inFlight -= 1;
          void this.#retire(slot);
          throw error;
        }
        if (!conn.client.isBound || slot.retired) {
          // dropped while idle (ldapts would re-open it unbound): retire it and take another
          slot.inFlight -= 1;
          void this.#retire(slot);
          continue;
        }
        return this.#lease(slot, conn);
      }
    } catch (error) {
      this.#inUse -= 1;
      this.#waiters.shift()?.();
      throw error;
    }
  }

  /** 'shared': the first live connection; 'spread': the least busy, or a new one while fewer than `connections` are open. */
  #pick(mode: 'shared' | 'spread'): Slot {
    let best: Slot | undefined = this.#slots[0];
    if (mode === 'spread') for (const slot of this.#slots) if (slot.inFlight < best!.inFlight) best = slot;
    const full = this.#slots.length >= (mode === 'spread' ? Math.max(1, this.#options.connections ?? 1) : 1);
    if (best && (best.inFlight === 0 || full)) return best;
    const slot: Slot = { opened: this.#open(), inFlight: 0, retired: false };
    slot.opened.catch(() => undefined); // awaited by its first lease; a failure retires it there
    this.#slots.push(slot);
    return slot;
  }

  #lease(slot: Slot, conn: { client: Client; url: string }): Lease {
    let released = false;
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      this.#inUse -= 1;
      this.#waiters.shift()?.();
    };
    return {
      client: conn.client,
      url: conn.url,
      release: (broken = false) => {
        if (released) return;
        released = true;
        slot.inFlight -= 1;
        if (broken || this.#closed || !conn.client.isBound) void this.#retire(slot);
        else if (slot.retired) void this.#closeIfIdle(slot);
        uncount();
      },
      written: () => {
        if (!released) uncount();
      },
    };
  }

  /** No new operation on this connection; it is closed when its last one has ended. */
  #retire(slot: Slot): Promise<void> {
    slot.retired = true;
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots.splice(i, 1);
    return this.#closeIfIdle(slot);
  }

  async #closeIfIdle(slot: Slot): Promise<void> {
    if (slot.inFlight > 0) return;
    await slot.opened
      .then(
        (c) => c.client.unbind(),
        () => undefined,
      )
      .catch(() => undefined);
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
  async use<T>(
    work: (client: Client, url: string, written: () => void) => Promise<T>,
    mode: 'shared' | 'spread' = 'shared',
  ): Promise<T> {
    const lease = await this.acquire(mode);
    try {
      const result = await work(lease.client, lease.url, lease.written);
      lease.release();
      return result;
    } catch (error) {
      lease.release(isConnectionFailure(error));
      throw error;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    // connections in use are closed when their last operation ends (release sees #closed)
    await Promise.all([...this.#slots].map((slot) => this.#retire(slot)));
  }
}

/** Anything but an LDAP result: a timeout, a reset socket, a closed connection. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof ReclaimError) return ['DIRECTORY_UNAVAILABLE', 'OUTCOME_UNKNOWN'].includes(error.code);
  return typeof (error as { code?: unknown })?.code !== 'number';
}
