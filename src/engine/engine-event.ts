// What the engine reports while it runs: one event per action outcome, plus run-level events.
// `reclaim run --json` prints them as NDJSON; the terminal shows them as progress bars.
export type EngineEvent =
  | {
      type: 'action';
      id: number;
      directory: string;
      identity: string;
      kind: string;
      outcome: 'applied' | 'failed' | 'skipped' | 'retry' | 'released';
      code?: string;
      message?: string;
      recovered?: boolean;
    }
  | { type: 'stopped'; reason: 'kill-switch' | 'signal' | 'forced' | 'refused'; code?: string; message?: string }
  | { type: 'idle' };
