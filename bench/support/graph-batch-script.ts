// The Entra baseline: a well-written $batch script, as an administrator would write it with the
// official client libraries: 20 requests per batch, `inFlight` batches at once per app
// registration, the apps used round-robin, throttled items sent again after the longest
// Retry-After of their batch (graph.md A8), a request that never left sent again. No journal, no
// guardrails, no pacing of its own.
import type { Agent } from 'node:https';
import { Secret } from '../../src/core/secret.ts';
import { createGraphClient } from '../../src/directories/entra/create-graph-client.ts';
import { createEntraCredential } from '../../src/directories/entra/entra-credential.ts';
import { GraphApi } from '../../src/directories/entra/graph-api.ts';

export interface ScriptWrite {
  method: 'PATCH' | 'POST';
  url: string;
  body: object;
}

export function graphClients(
  emulator: { url: string; tenantId: string },
  apps: Array<{ clientId: string; clientSecret: string }>,
  agent: Agent,
): GraphApi[] {
  return apps.map((a) => {
    const credential = createEntraCredential({
      tenantId: emulator.tenantId,
      app: { clientId: a.clientId, clientSecret: new Secret(a.clientSecret) },
      authorityHost: emulator.url,
      agent,
    });
    return new GraphApi(
      createGraphClient({ credential, baseUrl: emulator.url, agent, onThrottleSignal: () => undefined }),
      emulator.url,
    );
  });
}

interface Item {
  write: ScriptWrite;
  notBefore: number;
}

/**
 * Sends every write once it is admitted; returns how many items were answered 429 on the way.
 * stopWhenThrottled: stop at the first 429 (used to spend a write quota down to its limit).
 */
export async function runBatchScript(
  clients: GraphApi[],
  writes: ScriptWrite[],
  inFlight: number,
  options: { stopWhenThrottled?: boolean } = {},
): Promise<{ throttled: number; failed: number }> {
  const queue: Item[] = writes.map((write) => ({ write, notBefore: 0 }));
  let pending = writes.length;
  let throttled = 0;
  let failed = 0;
  const worker = async (graph: GraphApi) => {
    while (pending > 0 && !(options.stopWhenThrottled && throttled > 0)) {
      const now = Date.now();
      const batch: Item[] = [];
      for (let i = 0; i < queue.length && batch.length < 20; ) {
        if ((queue[i] as Item).notBefore <= now) batch.push(...queue.splice(i, 1));
        else i++;
      }
      if (batch.length === 0) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const requests = batch.map((item, i) => ({
        id: String(i + 1),
        method: item.write.method,
        url: item.write.url,
        headers: { 'Content-Type': 'application/json' },
        body: item.write.body,
      }));
      let answer;
      try {
        answer = await graph.call('POST', '/$batch', { body: JSON.stringify({ requests }) });
      } catch (error) {
        // a request that never left (a connection reset before it was written) is sent again, as
        // any careful script would; anything else stops the script
        if ((error as { code?: string }).code !== 'TransportNotSent') throw error;
        for (const item of batch) queue.push({ ...item, notBefore: Date.now() + 1000 });
        continue;
      }
      if (answer.status !== 200) {
        const wait = Number(answer.headers.get('retry-after') ?? 1);
        for (const item of batch) queue.push({ ...item, notBefore: Date.now() + wait * 1000 });
        continue;
      }
      const responses =
        (answer.body as { responses?: Array<{ id: string; status: number; headers?: Record<string, string> }> })
          .responses ?? [];
      let retryAfter = 0;
      for (const r of responses) {
        const item = batch[Number(r.id) - 1] as Item;
        if (r.status === 429) {
          throttled += 1;
          retryAfter = Math.max(retryAfter, Number(r.headers?.['Retry-After'] ?? r.headers?.['retry-after'] ?? 1));
          queue.push(item);
        } else {
          if (r.status >= 300) failed += 1;
          pending -= 1;
        }
      }
      for (const item of batch) item.notBefore = Date.now() + retryAfter * 1000;
    }
  };
  await Promise.all(clients.flatMap((graph) => Array.from({ length: inFlight }, () => worker(graph))));
  return { throttled, failed };
}

/** Spends each app's write quota down to its limit (until Graph throttles it), as a busy tenant's would be. */
export async function spendWriteQuota(clients: GraphApi[], sinkUserId: string): Promise<void> {
  for (const graph of clients) {
    const writes = Array.from(
      { length: 20_000 },
      (): ScriptWrite => ({ method: 'POST', url: `/users/${sinkUserId}/revokeSignInSessions`, body: {} }),
    );
    await runBatchScript([graph], writes, 16, { stopWhenThrottled: true });
  }
}
