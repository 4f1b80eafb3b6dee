// Hands the people of a paged plan to verification's workers one at a time. The next page is
// fetched as soon as one is opened, so the workers never wait for the store at a page boundary and
// the reads stay `concurrency` in flight across pages; at most two pages are fetched and not yet
// handed out, whatever the plan's size. Each page is opened once, in order.
import type { VerifyFindings, VerifyPage, VerifyTarget } from './verify-campaign.ts';

export interface OpenPage {
  page: VerifyPage;
  /** people handed out and not judged yet, or not handed out yet */
  left: number;
  /** the page's people judged verified so far */
  verified: VerifyTarget[];
  /** the page's sides found reset or missed so far */
  found: VerifyFindings;
}

export type NextTarget = () => Promise<{ page: OpenPage; target: VerifyTarget } | undefined>;

export function pageCursor(pages: AsyncIterable<VerifyPage>, onFetched: (page: VerifyPage) => void): NextTarget {
  const iterator = pages[Symbol.asyncIterator]();
  let current: OpenPage | undefined;
  let index = 0;
  let upcoming: Promise<OpenPage | undefined> | undefined;
  let finished = false;
  const fetch = async (): Promise<OpenPage | undefined> => {
    for (;;) {
      const r = await iterator.next();
      if (r.done) return undefined;
      onFetched(r.value);
      if (r.value.targets.length > 0)
        return { page: r.value, left: r.value.targets.length, verified: [], found: { missed: [], reset: [] } };
    }
  };
  const prefetch = () => {
    const fetching = fetch();
    // awaited by the worker that next needs a page; until then a failure must not go unhandled
    fetching.catch(() => undefined);
    return fetching;
  };
  return async () => {
    for (;;) {
      if (current && index < current.page.targets.length)
        return { page: current, target: current.page.targets[index++] as VerifyTarget };
      if (finished) return undefined;
      const awaited = (upcoming ??= prefetch());
      const opened = await awaited;
      // another worker waiting on the same fetch opened the page (or saw the end) first
      if (upcoming !== awaited) continue;
      if (!opened) {
        finished = true;
        upcoming = undefined;
        return undefined;
      }
      current = opened;
      index = 0;
      upcoming = prefetch();
    }
  };
}
