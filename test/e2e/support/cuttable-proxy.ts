// A TCP relay on loopback between Reclaim and the lab DC, for fault tests: `cut()` resets every
// connection through it at once (the client sees ECONNRESET mid-request, as when a firewall or a
// load balancer drops its sessions). TLS passes through untouched: the client still verifies the
// DC's certificate end to end.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface CuttableProxy {
  url: string;
  /** connections accepted so far */
  readonly accepted: number;
  /** resets every open connection; returns how many were cut */
  cut(): number;
  close(): Promise<void>;
}

export async function startCuttableProxy(target: { host: string; port: number }): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let accepted = 0;
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
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    url: `ldaps://127.0.0.1:${address.port}`,
    get accepted() {
      return accepted;
    },
    cut() {
      const sockets = [...open];
      for (const s of sockets) s.resetAndDestroy();
      return sockets.length;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
