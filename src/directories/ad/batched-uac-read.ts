// The userAccountControl check that follows a one-write must-change (require-change.ts), shared by
// the writes in flight: one search for many accounts instead of one base read each.
//
// Why: on a DC every request costs a turn of its LDAP worker, and a read per must-change took
// about a fifth of a Samba DC's write rate (bench/ad-write.ts). A search of `(|(objectGUID=a)
// (objectGUID=b)...)` costs the DC about one request for the whole batch.
//
// When a batch goes: as soon as at least half of the must-changes in progress have written and
// wait for their check (all of them, at the end of a wave). A write that waits gives its place at
// the DC to the next write (AdActionContext.written: the pool's maxConcurrency and the engine's
// write slot), so the DC's queue of writes stays full while a batch fills, batches hold about as
// many accounts as there are writes in flight, and no timer is needed. The search goes out on the
// connection of a waiting write (still held by its lease, so the same DC, never closed under it),
// without waiting for a place in the pool, which the next writes hold.
import { EqualityFilter, NoSuchObjectError, OrFilter, type Client } from 'ldapts';
import { firstValue } from './ldap-values.ts';
import { decodeGuid, encodeGuid } from './sid.ts';

/** accounts per search: keeps the filter well under any DC's request size limit */
const maxBatch = 64;

interface Waiting {
  guid: string;
  client: Client;
  resolve: (uac: number | undefined) => void;
  reject: (error: unknown) => void;
}

export interface UacCheck {
  /** userAccountControl of `guid` read after this caller's write; undefined when not found */
  read(client: Client, guid: string): Promise<number | undefined>;
  /** the caller is finished with the check (read answered, or its write failed) */
  done(): void;
}

export class BatchedUacRead {
  readonly #baseDns: readonly string[];
  #inProgress = 0;
  #waiting: Waiting[] = [];

  constructor(baseDns: readonly string[]) {
    this.#baseDns = baseDns;
  }

  /** Called before the write: counts the caller in, so a batch waits for its write too. */
  begin(): UacCheck {
    this.#inProgress += 1;
    let finished = false;
    return {
      read: (client, guid) =>
        new Promise((resolve, reject) => {
          this.#waiting.push({ guid: guid.toLowerCase(), client, resolve, reject });
          this.#maybeFlush();
        }),
      done: () => {
        if (finished) return;
        finished = true;
        this.#inProgress -= 1;
        this.#maybeFlush();
      },
    };
  }

  #maybeFlush(): void {
    while (
      this.#waiting.length > 0 &&
      (this.#waiting.length * 2 >= this.#inProgress || this.#waiting.length >= maxBatch)
    ) {
      const batch = this.#waiting.splice(0, maxBatch);
      void this.#search(batch);
    }
  }

  async #search(batch: Waiting[]): Promise<void> {
    try {
      const client = batch.at(-1)!.client;
      // a filter object: ldapts string filters corrupt escaped bytes above 0x7f (escape-filter.ts)
      const filter = new OrFilter({
        filters: batch.map(
          (w) => new EqualityFilter({ attribute: 'objectGUID', value: Buffer.from(encodeGuid(w.guid)) }),
        ),
      });
      const found = new Map<string, number>();
      for (const base of this.#baseDns) {
        const { searchEntries } = await client
          .search(base, {
            scope: 'sub',
            filter,
            attributes: ['objectGUID', 'userAccountControl'],
            explicitBufferAttributes: ['objectGUID'],
          })
          // a base DN gone since discovery: its accounts are "not found" here, and the caller reads them one by one
          .catch((error: unknown) =>
            error instanceof NoSuchObjectError ? { searchEntries: [] } : Promise.reject(error),
          );
        for (const entry of searchEntries) {
          const uac = Number(firstValue(entry, 'userAccountControl') ?? NaN);
          if (Number.isInteger(uac)) found.set(decodeGuid(entry.objectGUID as Buffer), uac);
        }
      }
      for (const w of batch) w.resolve(found.get(w.guid));
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }
}
