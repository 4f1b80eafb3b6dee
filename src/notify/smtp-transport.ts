// The SMTP side of sending: a pooled nodemailer transport built from the notify settings, behind a
// small interface the sender uses (and a test can count). Errors leave as catalog codes.
import { connect, type Socket } from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Secret } from '../core/secret.ts';
import { ReclaimError } from '../core/errors/reclaim-error.ts';
import { translateSmtpError } from './translate-smtp-error.ts';

export type SmtpSecurity = 'tls' | 'starttls' | 'none';

export interface SmtpSettings {
  host: string;
  port: number;
  /** tls: TLS from the first byte (port 465); starttls: upgrade required (587/25); none: plain, only without credentials */
  security: SmtpSecurity;
  user?: string;
  password?: Secret;
  /** PEM of the CA that issued the mail server's certificate, when not a public one */
  ca?: string;
  /** the name in the server certificate, when it differs from host */
  tlsServerName?: string;
  /** connections kept open to the server (default 1: notices are rate-limited anyway) */
  maxConnections?: number;
  timeoutMs?: number;
}

export interface OutgoingMessage {
  from: string;
  replyTo?: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface NoticeTransport {
  /** The server that sends, for messages: host:port. */
  readonly server: string;
  /** Resolves once the server accepted the message (250 after DATA); throws a ReclaimError otherwise. */
  send(message: OutgoingMessage): Promise<{ response: string }>;
  close(): void;
}

export function createSmtpTransport(settings: SmtpSettings): NoticeTransport {
  // SAFETY: SMTP credentials never cross the network in clear; 'none' is only for an
  // unauthenticated relay (the config schema refuses user + none too).
  if (settings.security === 'none' && settings.user) {
    throw new ReclaimError(
      'INSECURE_TRANSPORT',
      'SMTP credentials are refused over an unencrypted connection: use security tls or starttls',
    );
  }
  const timeout = settings.timeoutMs ?? 30_000;
  // maxRequeues is a pool option missing from @types/nodemailer.
  const options: SMTPPool.Options & { maxRequeues: number } = {
    pool: true,
    maxConnections: settings.maxConnections ?? 1,
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.user && settings.password ? { user: settings.user, pass: settings.password.reveal() } : undefined,
    tls: {
      ...(settings.ca ? { ca: settings.ca } : {}),
      ...(settings.tlsServerName ? { servername: settings.tlsServerName } : {}),
      minVersion: 'TLSv1.2',
    },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // SMTP is a dialogue of small writes: without TCP_NODELAY the final "." of DATA waits for the
    // ACK of the body (Nagle) while the server delays that ACK, about 40 ms per message. So we open
    // the TCP connection ourselves, with no delay, and nodemailer speaks SMTP (and TLS) over it.
    getSocket: (_options: unknown, callback: (err: null, socketOptions: { connection: Socket } | false) => void) =>
      openSocket(settings.host, settings.port, timeout, callback),
    // Nodemailer's pool would silently send again a message whose connection closed mid-send; a
    // retry must go through sendNotices instead, where it is journaled and counted.
    maxRequeues: 0,
    // SAFETY: nodemailer's logger and debug output can include the AUTH exchange; both stay off.
    logger: false,
    debug: false,
  };
  const transport = nodemailer.createTransport(options);
  const server = `${settings.host}:${settings.port}`;
  return {
    server,
    async send(message) {
      try {
        const info = await transport.sendMail({
          from: message.from,
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          headers: message.headers,
          // Nodemailer would otherwise read files or URLs named in the message; notices never need to.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
        if (info.rejected.length > 0) {
          throw new ReclaimError(
            'NOTICE_REJECTED',
            `The mail server ${server} refused the recipient ${message.to}: ${info.response}`,
          );
        }
        return { response: info.response };
      } catch (error) {
        throw translateSmtpError(error, server);
      }
    },
    close() {
      transport.close();
    },
  };
}

// Errors are not reported from here: nodemailer's pool leaks a connection slot when getSocket
// fails (the send after it waits forever), so on failure we hand back nothing and nodemailer opens
// its own connection, which fails again and reports the error through its usual path.
function openSocket(
  host: string,
  port: number,
  timeoutMs: number,
  callback: (err: null, socketOptions: { connection: Socket } | false) => void,
): void {
  let done = false;
  const socket = connect({ host, port, noDelay: true, keepAlive: true });
  const finish = (connected: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    socket.removeListener('error', onError);
    if (!connected) socket.destroy();
    callback(null, connected ? { connection: socket } : false);
  };
  const onError = () => finish(false);
  const timer = setTimeout(() => finish(false), timeoutMs);
  socket.once('error', onError);
  socket.once('connect', () => finish(true));
}
