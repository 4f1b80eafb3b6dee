// How `reclaim run` (and enforce, krbtgt) show progress: NDJSON events on stdout with --json;
// progress bars on stderr when it is a terminal; otherwise a plain line every few seconds.
import cliProgress from 'cli-progress';
import type { EngineEvent } from '../../engine/engine-event.ts';
import type { StateCounts } from '../../store/actions/count-actions.ts';
import { info, printEvent } from '../output.ts';

export interface RunProgress {
  start(total: StateCounts): void;
  event(event: EngineEvent): void;
  stop(): void;
}

export function runProgress(options: { json?: boolean | undefined; now?: () => number }): RunProgress {
  const now = options.now ?? Date.now;
  let total = 0;
  let done = 0;
  let failed = 0;
  let retries = 0;
  if (options.json) {
    return {
      start: (t) => printEvent({ type: 'start', actions: t }),
      event: (e) => printEvent(e as unknown as Record<string, unknown>),
      stop: () => undefined,
    };
  }
  if (process.stderr.isTTY) {
    const bars = new cliProgress.MultiBar(
      {
        stream: process.stderr,
        format: ' {label} [{bar}] {value}/{total} {extra}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let bar: cliProgress.SingleBar | undefined;
    let failBar: cliProgress.SingleBar | undefined;
    return {
      start(t) {
        total = t.planned + t.claimed + t.failed;
        bar = bars.create(Math.max(1, total), 0, { label: 'applied', extra: '' });
        failBar = bars.create(Math.max(1, total), 0, { label: 'failed ', extra: '' });
      },
      event(e) {
        if (e.type === 'action') {
          if (e.outcome === 'applied') bar?.update(++done, { extra: e.recovered ? '(recovered)' : '' });
          else if (e.outcome === 'failed') failBar?.update(++failed, { extra: e.code ?? '' });
          else if (e.outcome === 'retry') bar?.update(done, { extra: `retrying (${++retries})` });
        } else if (e.type === 'stopped') bars.log(`stopped: ${e.reason}${e.message ? ` (${e.message})` : ''}\n`);
      },
      stop: () => bars.stop(),
    };
  }
  let lastLine = 0;
  const line = () => info(`run: ${done} applied, ${failed} failed, ${retries} retries of ${total}`);
  return {
    start(t) {
      total = t.planned + t.claimed + t.failed;
      line();
    },
    event(e) {
      if (e.type === 'action') {
        if (e.outcome === 'applied') done++;
        else if (e.outcome === 'failed') failed++;
        else if (e.outcome === 'retry') retries++;
      }
      if (e.type === 'stopped') info(`run: stopped: ${e.reason}${e.message ? ` (${e.message})` : ''}`);
      if (now() - lastLine >= 2000) {
        lastLine = now();
        line();
      }
    },
    stop: line,
  };
}
