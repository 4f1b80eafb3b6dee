// A TCP relay on loopback in front of the lab PostgreSQL, for outage tests: once told a marker (a
// table name, say), it resets every connection whose client sends bytes containing it, before they
// reach the server, so exactly the queries that read that table meet a store that went away
// (the pg client sees its connection terminated, as when the database host drops). Plain TCP: the
// lab cluster does not use TLS.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface QueryCuttingProxy {
  /** `url` with its host and port replaced by the proxy's */
  through(url: string): string;
  /** from now on, reset the connection of any query containing `marker` (undefined: cut nothing) */
  cutQueriesContaining(marker: string | undefined): void;
  /** connections reset so far */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startQueryCuttingProxy(target: { host: string; port: number }): Promise<QueryCuttingProxy> {
  const open = new Set<Socket>();
  let marker: string | undefined;
  let cuts = 0;
  const server: Server = createServer((client) => {
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
        cuts += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  return {
    through(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(address.port);
      return u.toString();
    },
    cutQueriesContaining(value) {
      marker = value;
    },
    get cuts() {
      return cuts;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
