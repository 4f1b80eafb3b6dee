// `reclaim serve`: the operator and helpdesk console on the campaign's store. Binds loopback by
// default; TLS when --tls-cert and --tls-key are given (Secure cookies, HSTS). Runs until SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import pino from 'pino';
import { createApp } from '../../app/create-app.ts';
import { ReclaimError } from '../../core/errors/reclaim-error.ts';
import { createConsoleServer } from '../../server/create-console-server.ts';
import { globalOptions } from '../global-options.ts';
import { info, printResult } from '../output.ts';

export function parseListen(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new ReclaimError('USAGE_INVALID', `--listen ${value}: expected HOST:PORT, e.g. 127.0.0.1:8080`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the operator and helpdesk console (web UI and HTTP API)')
    .option('--listen <host:port>', 'address to listen on', '127.0.0.1:8080')
    .option('--tls-cert <file>', 'PEM certificate (chain) for HTTPS')
    .option('--tls-key <file>', 'PEM private key for HTTPS')
    .option('--json', 'print the listening address as JSON')
    .action(async (flags: { listen: string; tlsCert?: string; tlsKey?: string; json?: boolean }, command: Command) => {
      const { host, port } = parseListen(flags.listen);
      if (Boolean(flags.tlsCert) !== Boolean(flags.tlsKey)) throw new ReclaimError('USAGE_INVALID', '--tls-cert and --tls-key go together');
      const read = (file: string, what: string) => {
        try {
          return readFileSync(file);
        } catch (error) {
          throw new ReclaimError('CONFIG_INVALID', `${what} ${file} cannot be read: ${(error as Error).message}`);
        }
      };
      const tls = flags.tlsCert && flags.tlsKey ? { cert: read(flags.tlsCert, '--tls-cert'), key: read(flags.tlsKey, '--tls-key') } : undefined;
      if (!tls && !['127.0.0.1', 'localhost', '::1'].includes(host)) info(`warning: serving plain HTTP on ${host}; give --tls-cert and --tls-key for anything but loopback`);
      const app = createApp({ configFile: globalOptions(command).config, operator: 'console' });
      const server = await createConsoleServer({ app, logger: pino({ level: 'info' }, pino.destination(2)), ...(tls ? { tls } : {}) });
      const address = await server.listen({ host, port });
      printResult({ url: address }, flags.json, (r) => `console listening on ${r.url}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      await app.close();
    });
}
