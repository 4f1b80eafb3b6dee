// How many writes may be at a directory at once. The engine keeps more actions in flight than
// that (their journal changes then share commits, journal-committer.ts), and each one takes a
// slot only for its directory write.
export class WriteSlots {
  readonly #size: number;
  #used = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(size: number) {
    this.#size = Math.max(1, size);
  }

  /**
   * Waits for a free slot and returns its release, which frees it once however often it is
   * called (early, when only a check remains, and again when the action ends); undefined when
   * `signal` aborted the wait (no slot is held then).
   */
  async acquire(signal?: AbortSignal): Promise<(() => void) | undefined> {
    while (this.#used >= this.#size) {
      if (signal?.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const wake = () => {
          signal?.removeEventListener('abort', wake);
          const i = this.#waiters.indexOf(wake);
          if (i >= 0) this.#waiters.splice(i, 1);
          resolve();
        };
        this.#waiters.push(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    }
    if (signal?.aborted) {
      // woken for a free slot but leaving: hand the wake-up on
      this.#waiters[0]?.();
      return undefined;
    }
    this.#used += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#used -= 1;
      this.#waiters[0]?.();
    };
  }
}
