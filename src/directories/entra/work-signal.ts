// A wake-up signal between the loops of the batch runner: waiters resolve on the next notify().
export class WorkSignal {
  #waiters: Array<() => void> = [];

  wait(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(done);
      if (timeoutMs !== undefined) {
        timer = setTimeout(
          () => {
            this.#waiters = this.#waiters.filter((w) => w !== done);
            resolve();
          },
          Math.max(0, timeoutMs),
        );
      }
    });
  }

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}
