// Before the console listens: the store's worker threads are started (store/read-worker/warm-reader.ts),
// so the first viewer after a restart does not pay their start. A failure here is not fatal: the
// first read starts them instead.
import type { Store } from '../../store/open-store.ts';
import { warmReader } from '../../store/read-worker/warm-reader.ts';

export async function warmConsoleStore(store: Store): Promise<void> {
  await warmReader(store).catch(() => undefined);
}
