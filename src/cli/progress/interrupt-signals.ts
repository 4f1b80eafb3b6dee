// SIGINT/SIGTERM for a long run: the first asks for a graceful stop (finish in-flight writes,
// give back the rest), a second one forces it. The command then exits 130; state is saved.
export interface InterruptSignals {
  graceful: AbortSignal;
  force: AbortSignal;
  interrupted(): boolean;
  dispose(): void;
}

export function interruptSignals(onFirst: (message: string) => void): InterruptSignals {
  const graceful = new AbortController();
  const force = new AbortController();
  const handler = () => {
    if (!graceful.signal.aborted) {
      onFirst('interrupted: finishing the writes in flight and saving state (press Ctrl-C again to stop at once)');
      graceful.abort();
    } else force.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    graceful: graceful.signal,
    force: force.signal,
    interrupted: () => graceful.signal.aborted,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
