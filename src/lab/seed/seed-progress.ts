// Progress of a long seed on stderr: a bar on a terminal, plain lines (every 10% or 5 s) otherwise.
import cliProgress from 'cli-progress';

export interface Progress {
  tick(n?: number): void;
  stop(): void;
}

export function seedProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {percentage}% {rate}/s`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    const started = Date.now();
    let done = 0;
    bar.start(total, 0, { rate: 0 });
    return {
      tick(n = 1) {
        done += n;
        bar.update(done, { rate: Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)) });
      },
      stop: () => bar.stop(),
    };
  }
  const started = Date.now();
  let done = 0;
  let lastPrint = started;
  let lastDecile = 0;
  const print = () => {
    const secs = (Date.now() - started) / 1000;
    stream.write(`${label}: ${done}/${total} (${Math.round(done / Math.max(secs, 0.001))}/s)\n`);
  };
  return {
    tick(n = 1) {
      done += n;
      const decile = Math.floor((done * 10) / total);
      if (decile > lastDecile || Date.now() - lastPrint > 5000) {
        lastDecile = decile;
        lastPrint = Date.now();
        print();
      }
    },
    stop() {
      if (done < total) print();
    },
  };
}
