// `reclaim serve`: the operator and helpdesk console on the campaign's store. Binds loopback by
// default. HTTPS with console.tls (certFile, keyFile) from the config, or with a self-signed pair
// made on the first run (--self-signed); plain HTTP only on loopback. Runs until SIGINT/SIGTERM.
// Ready when it prints its address: it listens only once the open campaigns' shared figures are
// computed (server/console-figures.ts), so the first viewers after a restart do not wait for them.
import { Command } from 'commander';
import pino from 'pino';
import { consoleTransport } from '../../app/console/console-transport.ts';
import { createApp } from '../../app/create-app.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { createConsoleServer } from '../../server/create-console-server.ts';
import { globalOptions } from '../global-options.ts';
import { info, printResult } from '../output.ts';

export function parseListen(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port > 65535)
    throw new ReclaimError('USAGE_INVALID', `--listen ${value}: expected HOST:PORT, e.g. 127.0.0.1:8080`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the operator and helpdesk console (web UI and HTTP API)')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option(
      '--self-signed [dir]',
      'without console.tls: make (once) a self-signed certificate in DIR (default: console-tls beside the store) and serve HTTPS with it',
    )
    .option('--json', 'print the listening address as JSON')
    .action(async (flags: { listen: string; selfSigned?: string | boolean; json?: boolean }, command: Command) => {
      const { host, port } = parseListen(flags.listen);
      const configFile = globalOptions(command).config;
      const app = createApp({ configFile, operator: 'console' });
      try {
        const transport = consoleTransport({ config: app.config, configFile, host, selfSigned: flags.selfSigned });
        if (transport.selfSigned) {
          info(
            `${transport.selfSigned.created ? 'made' : 'reusing'} the self-signed certificate ${transport.selfSigned.certFile}`,
          );
          info(
            `its SHA-256 fingerprint is ${transport.fingerprint256}: compare it with the one your browser shows before signing in`,
          );
        }
        info("computing the open campaigns' figures before listening");
        const server = await createConsoleServer({
          app,
          logger: pino({ level: 'info' }, pino.destination(2)),
          ...(transport.tls ? { tls: transport.tls } : {}),
        });
        // Listening for the signals before the address is printed: whoever reads the address may
        // stop the console at once, and a signal with no listener kills the process unclean.
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        const address = await server.listen({ host, port }).catch((error: NodeJS.ErrnoException) => {
          throw listenError(error, flags.listen);
        });
        const result = {
          url: address,
          ...(transport.fingerprint256 ? { certificateSha256: transport.fingerprint256 } : {}),
        };
        printResult(result, flags.json, (r) => `console ready, listening on ${r.url}`);
        await stopped;
        await server.close();
      } finally {
        await app.close();
      }
    });
}

/** Why the console cannot listen, as a catalog code: the port is taken (5), or the address is not this machine's (2). */
function listenError(error: NodeJS.ErrnoException, listen: string): unknown {
  if (error.code === 'EADDRINUSE')
    return new ReclaimError(
      'ADDRESS_IN_USE',
      `${listen}: another program already listens there; stop it or choose another --listen`,
      {
        cause: error,
        where: listen,
      },
    );
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES')
    return new ReclaimError(
      'USAGE_INVALID',
      `--listen ${listen}: ${error.code === 'EACCES' ? 'not allowed to listen on this port' : 'not an address of this machine'}`,
      {
        cause: error,
        where: listen,
      },
    );
  return error;
}
