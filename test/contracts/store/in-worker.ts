// Runs store-worker.ts tasks in child processes (see there why) and collects their answers. The
// children inherit NODE_OPTIONS, so they load tsx and the loopback guard like this process.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StoreWorkerTask } from './store-worker.ts';

const script = fileURLToPath(new URL('./store-worker.ts', import.meta.url));

export function inWorker<T>(task: StoreWorkerTask): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      try {
        const answer = JSON.parse(last) as { ok: boolean; result?: T; error?: string };
        if (answer.ok) return resolve(answer.result as T);
        return reject(new Error(`store worker ${task.task} failed: ${answer.error}`));
      } catch {
        return reject(new Error(`store worker ${task.task} exited with ${code}: ${err.slice(-2000)}`));
      }
    });
  });
}
