// The kill switch as the engine sees it: read from the store before every directory write, with a
// cache of at most `maxAgeMs` (250 ms by default) so thousands of writes per second cost a few
// reads per second. SAFETY: with a 250 ms cache and the check placed immediately before each
// write, no write starts more than 250 ms (plus one store read) after an operator engaged the
// switch: well within the one second promised.
import { readKillSwitch } from '../store/campaigns/kill-switch.ts';
import type { Store } from '../store/open-store.ts';
import type { EngineClock } from './engine-clock.ts';

export class KillSwitchGate {
  readonly #store: Store;
  readonly #campaignId: string;
  readonly #clock: EngineClock;
  readonly #maxAgeMs: number;
  #readAt = -Infinity;
  #engaged = true;
  #pending: Promise<boolean> | undefined;

  constructor(store: Store, campaignId: string, clock: EngineClock, maxAgeMs = 250) {
    this.#store = store;
    this.#campaignId = campaignId;
    this.#clock = clock;
    this.#maxAgeMs = maxAgeMs;
  }

  async engaged(): Promise<boolean> {
    // SAFETY: once seen engaged it stays engaged for this run; only a new run releases it.
    if (this.#readAt > -Infinity && this.#engaged) return true;
    if (this.#clock.now().getTime() - this.#readAt < this.#maxAgeMs) return this.#engaged;
    this.#pending ??= this.#read().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #read(): Promise<boolean> {
    const startedAt = this.#clock.now().getTime();
    const state = await readKillSwitch(this.#store, this.#campaignId);
    this.#engaged = state.engaged;
    this.#readAt = startedAt;
    return this.#engaged;
  }
}
