// The one schema of reclaim.yaml. Parsed once, at the edge; everything inside works with the
// typed result. Every problem is reported at once with its path (and line, see load-config.ts).
import { z } from 'zod';
import { segmentIds, type SegmentId } from '../../core/segmentation/segments.ts';
import { treatmentIds } from '../../core/segmentation/treatments.ts';
import { consoleTlsSection } from './console-tls-schema.ts';
import { secretRefPattern } from './secret-ref.ts';

const secretRef = z
  .string()
  .regex(secretRefPattern, 'a secret must be a reference, env:NAME or file:PATH, never the secret itself');

const duration = z.number().positive();

const adDirectory = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    kind: z.literal('ad'),
    /** one or more writable DCs; the first is preferred */
    urls: z.array(z.string().regex(/^ldaps?:\/\/[^/]+$/, 'expected ldaps://host[:port]')).min(1),
    startTls: z.boolean().default(false),
    readOnly: z.boolean().default(false),
    baseDns: z.array(z.string().min(3)).min(1),
    bindDn: z.string().min(1),
    password: secretRef,
    caFile: z.string().min(1).optional(),
    /** the DNS name the DC certificate is issued to, when it differs from the URL host */
    tlsServerName: z.string().optional(),
    connectTimeoutMs: z.number().int().positive().default(5000),
    operationTimeoutMs: z.number().int().positive().default(30000),
    pageSize: z.number().int().min(1).max(5000).default(1000),
    /**
     * operations in flight per DC (their writes queue at the DC on few connections). A must-change
     * gives its place back once written, before its batched uac check; 32 queued writes keep a DC
     * busy across the client's event-loop pauses (bench engine-ad).
     */
    maxConcurrency: z.number().int().min(1).max(64).default(32),
    /** LDAP connections per DC for password resets (key derivation); cheap writes share the first */
    connections: z.number().int().min(1).max(16).default(4),
    /** extra privileged groups by DN, beyond the well-known SIDs */
    privilegedGroups: z.array(z.string()).default([]),
  })
  .superRefine((d, ctx) => {
    // SAFETY: a simple bind over plain LDAP sends the service account's password in clear, and AD
    // accepts password writes only over an encrypted channel. Every directory, read-only ones
    // included (their bind is the same), must use ldaps:// or StartTLS.
    d.urls.forEach((url, i) => {
      if (url.startsWith('ldap://') && !d.startTls) {
        ctx.addIssue({
          code: 'custom',
          path: ['urls', i],
          message: `plain ldap:// is refused${d.readOnly ? ', read-only directories included' : ''}: the bind would send the service account's password in clear; use ldaps:// or set startTls: true`,
        });
      }
    });
  });

const entraDirectory = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    kind: z.literal('entra'),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: secretRef.optional(),
    certificateFile: z.string().optional(),
    /** e.g. https://login.microsoftonline.us for a national cloud, or the lab emulator */
    authorityHost: z.string().url().optional(),
    graphBaseUrl: z.string().url().default('https://graph.microsoft.com'),
    caFile: z.string().optional(),
    readOnly: z.boolean().default(false),
    /** further app registrations that share the write load (each has its own per-app quota) */
    extraApps: z
      .array(z.strictObject({ clientId: z.string().min(1), clientSecret: secretRef.optional(), certificateFile: z.string().optional() }))
      .default([]),
    maxConcurrency: z.number().int().min(1).max(64).default(8),
  })
  .superRefine((d, ctx) => {
    if (!d.clientSecret && !d.certificateFile) {
      ctx.addIssue({ code: 'custom', path: ['clientSecret'], message: 'give clientSecret (env:/file:) or certificateFile' });
    }
  });

// Email notices to users (src/notify). Optional: without it, no notice is sent.
const mailbox = z
  .string()
  .regex(/^(?:[^<>@]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/, 'expected a mail address, e.g. "IT Security <it-security@corp.example>"');
const notifySection = z
  .strictObject({
    /** the organisation's mail relay */
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** tls: TLS from the first byte (465); starttls: upgrade required (587, 25); none: plain relay, no credentials */
    security: z.enum(['tls', 'starttls', 'none']).default('starttls'),
    user: z.string().min(1).optional(),
    password: secretRef.optional(),
    caFile: z.string().min(1).optional(),
    tlsServerName: z.string().optional(),
    from: mailbox,
    replyTo: mailbox.optional(),
    /** a copy of examples/notice-templates edited by the organisation; the shipped defaults otherwise */
    templatesDir: z.string().min(1).optional(),
    ratePerMinute: z.number().int().min(1).max(10000).default(60),
    /** hours before a wave's deadline the final warning goes out (reminders: waves.reminderHours) */
    finalWarningHours: z.number().positive().default(1),
    /** where notices go when the corporate mailbox may be read by the attacker */
    outOfBand: z.enum(['always', 'high-assurance', 'never']).default('high-assurance'),
    /** the identity attribute holding a personal address, e.g. extensionAttribute5 */
    alternateAddressAttribute: z.string().min(1).optional(),
    /** without a personal address, send out-of-band notices to the manager's mailbox */
    managerFallback: z.boolean().default(true),
    /** the self-service password reset page named in notices (standard assurance only) */
    ssprUrl: z.string().url().optional(),
    /** where cloud users sign in to change their password */
    portalUrl: z.string().url().default('https://myaccount.microsoft.com'),
    /** the organisation's own VPN steps, replacing the generic ones */
    vpnSteps: z.string().min(1).optional(),
    locale: z.string().default('en-GB'),
  })
  .superRefine((n, ctx) => {
    if (n.user && !n.password) ctx.addIssue({ code: 'custom', path: ['password'], message: 'give the SMTP password of notify.user as env:NAME or file:PATH' });
    if (n.password && !n.user) ctx.addIssue({ code: 'custom', path: ['user'], message: 'a password is set but no user' });
    // SAFETY: SMTP credentials never cross the network in clear.
    if (n.user && n.security === 'none') {
      ctx.addIssue({ code: 'custom', path: ['security'], message: 'SMTP credentials are refused over a plain connection: use tls or starttls' });
    }
    if (n.outOfBand !== 'never' && !n.alternateAddressAttribute && !n.managerFallback) {
      ctx.addIssue({
        code: 'custom',
        path: ['outOfBand'],
        message: 'out-of-band notices need alternateAddressAttribute or managerFallback: true (or set outOfBand: never)',
      });
    }
  });

const customSegmentRule = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  description: z.string().min(1),
  segment: z.enum(segmentIds.filter((id) => id !== 'krbtgt' && id !== 'privileged') as [Exclude<SegmentId, 'krbtgt' | 'privileged'>, ...Array<Exclude<SegmentId, 'krbtgt' | 'privileged'>>]),
  when: z.strictObject({
    memberOf: z.string().min(1).optional(),
    ouSuffix: z.string().min(1).optional(),
    namePattern: z.string().min(1).optional(),
    directory: z.string().min(1).optional(),
    attribute: z.strictObject({ name: z.string().min(1), equals: z.string().optional(), pattern: z.string().optional() }).optional(),
  }),
});

const helpdeskShift = z.strictObject({
  name: z.string().optional(),
  agents: z.number().int().min(0),
  startHour: z.number().min(0).max(23),
  hours: z.number().positive().max(24),
  utcOffsetHours: z.number().min(-12).max(14),
  days: z.array(z.number().int().min(0).max(6)).optional(),
});

// Optional OIDC single sign-on for the console, an addition to its own accounts, never a
// replacement: the corporate IdP may be the thing that is compromised.
const oidcSection = z
  .strictObject({
    /** SAFETY: the kill switch: false refuses every OIDC sign-in and ends every OIDC session at once */
    enabled: z.boolean().default(true),
    /** the issuer URL; its /.well-known/openid-configuration is read from there */
    issuer: z.string().url(),
    clientId: z.string().min(1),
    clientSecret: secretRef,
    /** where the IdP sends the browser back: https://CONSOLE/api/oidc/callback */
    redirectUrl: z.string().url(),
    /** the ID token (or userinfo) claim matched against the console username */
    usernameClaim: z.string().min(1).default('preferred_username'),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile']),
  })
  .superRefine((o, ctx) => {
    // SAFETY: authorization codes and client secrets never cross the network in clear; plain
    // http is accepted only on the loopback interface (a local test provider).
    for (const field of ['issuer', 'redirectUrl'] as const) {
      const url = URL.canParse(o[field]) ? new URL(o[field]) : undefined;
      if (url && url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
        ctx.addIssue({ code: 'custom', path: [field], message: 'use https:// (plain http:// is accepted only on loopback)' });
      }
    }
    if (URL.canParse(o.redirectUrl) && !new URL(o.redirectUrl).pathname.endsWith('/api/oidc/callback')) {
      ctx.addIssue({ code: 'custom', path: ['redirectUrl'], message: 'the redirect URL must end with /api/oidc/callback' });
    }
    if (!o.scopes.includes('openid')) ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'the scopes must include openid' });
  });

/** postgres://user:PASSWORD@host/db: the password would sit in a file that is reviewed and pasted. */
function hasInlinePassword(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url) && URL.canParse(url) && new URL(url).password !== '';
}

export const configSchema = z.strictObject({
  campaign: z
    .strictObject({
      name: z.string().min(1),
      timezone: z.string().default('UTC'),
    })
    .default({ name: 'Reclaim campaign', timezone: 'UTC' }),
  store: z
    .strictObject({
      url: z
        .string()
        .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:PATH or postgres://...')
        .refine((url) => !hasInlinePassword(url), 'a password in the store URL is refused: remove it and set store.password to env:NAME or file:PATH')
        .default('sqlite:./reclaim.sqlite'),
      /** the PostgreSQL password, as a reference only (never in store.url) */
      password: secretRef.optional(),
    })
    .superRefine((s, ctx) => {
      if (s.password && !/^postgres(ql)?:/.test(s.url)) ctx.addIssue({ code: 'custom', path: ['password'], message: 'store.password is for a postgres:// store only' });
    })
    .default({ url: 'sqlite:./reclaim.sqlite' }),
  directories: z.array(z.discriminatedUnion('kind', [adDirectory, entraDirectory])).min(1, 'configure at least one directory'),
  protected: z
    .strictObject({
      /** names (sAMAccountName or UPN) or directory:key references that automation never touches */
      identities: z.array(z.string()).default([]),
      groups: z.array(z.string()).default([]),
    })
    .default({ identities: [], groups: [] }),
  segments: z
    .strictObject({
      vpnCertificateGroup: z.string().optional(),
      vpnPasswordGroup: z.string().optional(),
      breakGlass: z.array(z.string()).default([]),
      serviceAccountOus: z.array(z.string()).default([]),
      serviceAccountNamePatterns: z.array(z.string()).default([]),
      inactiveDays: z.number().int().positive().default(90),
      /** custom segment rules, tried after protection, krbtgt and privileged (see segment-rules.ts) */
      rules: z.array(customSegmentRule).optional(),
      /** per segment, the FGPP / shortened-maximum-age alternative instead of must-change */
      alternatives: z.partialRecord(z.enum(['onsite', 'vpnCertificate', 'hybrid']), z.literal('passwordPolicyExpiry')).optional(),
      /** known service accounts with their owner and application */
      serviceAccountInventory: z
        .array(z.strictObject({ name: z.string().min(1), owner: z.string().min(1).optional(), application: z.string().min(1).optional() }))
        .optional(),
    })
    .default({ breakGlass: [], serviceAccountOus: [], serviceAccountNamePatterns: [], inactiveDays: 90 }),
  helpdesk: z
    .strictObject({
      agents: z.number().int().positive().default(5),
      callsPerAgentHour: z.number().positive().default(6),
      hoursPerDay: z.number().positive().max(24).default(8),
      contact: z.string().default('the IT helpdesk'),
      /** shifts in several time zones; without them one shift of `agents` from 08:00 UTC */
      shifts: z.array(helpdeskShift).optional(),
      /** expected calls per identity by treatment, overriding the planning defaults */
      callRates: z.partialRecord(z.enum(treatmentIds), z.strictObject({ registered: z.number().min(0).max(5).optional(), unregistered: z.number().min(0).max(5).optional() })).optional(),
    })
    .default({ agents: 5, callsPerAgentHour: 6, hoursPerDay: 8, contact: 'the IT helpdesk' }),
  waves: z
    .strictObject({
      groupBy: z.string().default('department'),
      deadlineHours: duration.default(72),
      reminderHours: z.array(duration).default([24, 4]),
      graceHours: z.number().min(0).default(4),
      /** at most this many identities per wave, whatever the helpdesk could absorb */
      maxSize: z.number().int().positive().optional(),
      /** minimum hours between the starts of two waves */
      spacingHours: z.number().min(0).optional(),
    })
    .default({ groupBy: 'department', deadlineHours: 72, reminderHours: [24, 4], graceHours: 4 }),
  guardrails: z
    .strictObject({
      blastRadius: z.number().int().positive().default(500),
    })
    .default({ blastRadius: 500 }),
  engine: z
    .strictObject({
      /**
       * the key reset passwords are derived from (src/engine/action-passwords.ts): an env:/file:
       * reference, at least 32 characters (config/password-key.ts); needed by every worker that resets passwords
       */
      passwordKey: secretRef.optional(),
      leaseSeconds: z.number().int().min(1).max(3600).default(60),
      /** per directory id, the writes per second the engine paces to (default: unpaced, concurrency only) */
      writesPerSecond: z.record(z.string(), z.number().positive()).default({}),
      /** attempts of a retryable failure before it is recorded as permanent */
      maxAttempts: z.number().int().min(1).max(50).default(8),
    })
    .default({ leaseSeconds: 60, writesPerSecond: {}, maxAttempts: 8 }),
  notify: notifySection.optional(),
  /** the operator console (`reclaim serve`) */
  console: z.strictObject({ tls: consoleTlsSection.optional(), oidc: oidcSection.optional() }).default({}),
  /** what Graph cannot tell about the tenant and the network, for readiness and treatments */
  readiness: z
    .strictObject({
      passwordWritebackEnabled: z.boolean().optional(),
      forceChangeSyncEnabled: z.boolean().optional(),
      tapPolicyEnabled: z.boolean().optional(),
      vpnUsesDomainPassword: z.boolean().optional(),
      /** the DCs' "old password allowed period" (minutes; 0 closes the window, default 60) */
      oldPasswordAllowedMinutes: z.number().int().min(0).optional(),
      /** when the compromise began (ISO date): smart-card hashes set before it are suspect */
      compromiseSince: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    })
    .default({}),
  krbtgt: z
    .strictObject({
      maxTicketLifetimeHours: z.number().positive().max(168).optional(),
      replicationHours: z.number().min(0).max(168).optional(),
      firstResetAfterHours: z.number().min(0).optional(),
    })
    .default({}),
});

export type ReclaimConfig = z.infer<typeof configSchema>;
export type AdDirectoryConfig = z.infer<typeof adDirectory>;
export type EntraDirectoryConfig = z.infer<typeof entraDirectory>;
export type NotifyConfig = z.infer<typeof notifySection>;
export type OidcConfig = z.infer<typeof oidcSection>;
