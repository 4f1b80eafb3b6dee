// A TCP relay on loopback between Reclaim and a lab service (the DC, PostgreSQL), for fault tests:
// `cut()` resets every connection through it at once (the client sees ECONNRESET mid-request, as when
// a firewall or a load balancer drops its sessions); `cutWhenClientSends(marker)` resets each
// connection whose client sends bytes containing the marker (a table name in a PostgreSQL query,
// say) before they reach the server, so exactly those requests meet a service that went away. TLS
// passes through untouched: the client still verifies the server's certificate end to end (and a
// marker is only seen on a plain connection such as the lab's PostgreSQL).
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
  /** ldaps://127.0.0.1:PORT */
  url: string;
  port: number;
  /** connections accepted so far */
  readonly accepted: number;
  /** connections reset by cutWhenClientSends so far */
  readonly markerCuts: number;
  /** resets every open connection; returns how many were cut */
  cut(): number;
  /** from now on, reset any connection whose client sends `marker` (undefined: none) */
  cutWhenClientSends(marker: string | undefined): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
  let marker: string | undefined;
  let markerCuts = 0;
  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = createConnection(target);
    open.add(client);
    const drop = () => {
      open.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      if (marker !== undefined && chunk.includes(marker)) {
        markerCuts += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `ldaps://127.0.0.1:${address.port}`,
    port: address.port,
    get accepted() {
      return accepted;
    },
    get markerCuts() {
      return markerCuts;
    },
    cut() {
      const sockets = [...open];
      for (const s of sockets) s.resetAndDestroy();
      return sockets.length;
    },
    cutWhenClientSends(value) {
      marker = value;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
