// A real SMTP server (the smtp-server package) on 127.0.0.1, port 0, with STARTTLS (a certificate
// from the lab CA) and AUTH required: it keeps every message it accepted, with its envelope and
// arrival time, for tests to read back. Hooks let a test act on a message before it is accepted.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { LabCa, ServerCert } from '../../../src/lab/tls/lab-ca.ts';
import { parseMail, type ParsedMail } from './parse-mail.ts';

export interface ReceivedMail extends ParsedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  arrivedAt: number;
  raw: string;
  /** the session was upgraded with STARTTLS and authenticated as this user */
  secure: boolean;
  user: string | undefined;
}

export interface SmtpSinkOptions {
  cert: ServerCert;
  user: string;
  password: string;
  /** TLS from the first byte (port 465 style) instead of STARTTLS */
  implicitTls?: boolean;
  /** runs once the whole message arrived, before the 250: return 'accept', 'reject' (550) or 'defer' (451) */
  beforeAccept?: (
    mail: ReceivedMail,
    index: number,
  ) => Promise<'accept' | 'reject' | 'defer'> | 'accept' | 'reject' | 'defer';
  /** runs at each RCPT TO, before the server answers it: lets a test stop a sender before DATA */
  beforeRcpt?: (address: string, index: number) => Promise<void> | void;
}

export interface SmtpSink {
  port: number;
  /** messages the server accepted (answered 250 to, or was about to: see beforeAccept) */
  readonly mails: ReceivedMail[];
  /** how many DATA transfers began, accepted or not */
  readonly dataStarted: number;
  close(): Promise<void>;
}

export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let dataStarted = 0;
  let rcpts = 0;
  const server = new SMTPServer({
    secure: options.implicitTls ?? false,
    key: options.cert.keyPem,
    cert: options.cert.certPem,
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const index = rcpts;
      rcpts += 1;
      void Promise.resolve(options.beforeRcpt?.(address.address, index)).then(() => callback());
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const index = dataStarted;
      dataStarted += 1;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: ReceivedMail = {
          ...parseMail(raw),
          raw,
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          arrivedAt: Date.now(),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        };
        void Promise.resolve(options.beforeAccept?.(mail, index) ?? 'accept').then((verdict) => {
          if (verdict === 'reject')
            return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
          if (verdict === 'defer') return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          mails.push(mail);
          callback();
        });
      });
    },
  });
  server.on('error', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    get dataStarted() {
      return dataStarted;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type { LabCa };
