// The emulator's clock: real time plus an offset that the control API moves forward, so tests can
// expire tokens, passes and quota windows without waiting. Quota windows are multiplied by
// timeScale (0.01 = windows 100x shorter, same quota numbers).

export interface EmulatorClock {
  now(): number;
  advance(ms: number): void;
  readonly timeScale: number;
}

export function createEmulatorClock(timeScale = 1, realNow: () => number = Date.now): EmulatorClock {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    advance: (ms: number) => {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`advanceClock needs a positive number of milliseconds, got ${ms}`);
      offset += ms;
    },
    timeScale,
  };
}

/** ISO-8601 with a Z, as Graph returns DateTimeOffset values. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
