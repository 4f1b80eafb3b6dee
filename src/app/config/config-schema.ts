// The one schema of reclaim.yaml. Parsed once, at the edge; everything inside works with the
// typed result. Every problem is reported at once with its path (and line, see load-config.ts).
// The descriptions are the configuration reference: `npm run docs:config` writes them to
// docs/configuration.md and docs/reclaim.schema.json (test/app/config-reference.test.ts keeps those current).
import { z } from 'zod';
import { segmentIds, type SegmentId } from '../../core/segmentation/segments.ts';
import { treatmentIds } from '../../core/segmentation/treatments.ts';
import { consoleTlsSection } from './console-tls-schema.ts';
import { secretRefPattern } from './secret-ref.ts';

const secretRef = z
  .string()
  .regex(secretRefPattern, 'a secret must be a reference, env:NAME or file:PATH, never the secret itself');

const duration = z.number().positive();
const directoryId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes');

const adDirectory = z
  .strictObject({
    id: directoryId.describe(
      'names the directory in plans, the journal and reports (lower-case letters, digits, dashes)',
    ),
    kind: z.literal('ad').describe('on-premises Active Directory over LDAPS'),
    urls: z
      .array(z.string().regex(/^ldaps?:\/\/[^/]+$/, 'expected ldaps://host[:port]'))
      .min(1)
      .describe('one or more writable DCs, ldaps://host[:port]; the first is preferred. ldap:// only with startTls'),
    startTls: z
      .boolean()
      .default(false)
      .describe('upgrade ldap:// URLs with StartTLS (then ldap:// may be written to)'),
    readOnly: z
      .boolean()
      .default(false)
      .describe('discovery and verification only: Reclaim never writes to this directory'),
    baseDns: z.array(z.string().min(3)).min(1).describe('the subtrees discovered (every user below them is in scope)'),
    bindDn: z
      .string()
      .min(1)
      .describe("the service account Reclaim binds as (DN or UPN); always protected from the campaign's own resets"),
    password: secretRef.describe("the service account's password: env:NAME or file:PATH"),
    caFile: z
      .string()
      .min(1)
      .optional()
      .describe("PEM file of the CA that issued the DCs' certificates (the system store otherwise)"),
    tlsServerName: z
      .string()
      .optional()
      .describe('the DNS name the DC certificate is issued to, when it differs from the URL host'),
    connectTimeoutMs: z.number().int().positive().default(5000).describe('TCP and TLS connect timeout per DC, in ms'),
    operationTimeoutMs: z.number().int().positive().default(30000).describe('timeout of one LDAP operation, in ms'),
    pageSize: z.number().int().min(1).max(5000).default(1000).describe('entries per page of a paged discovery search'),
    // A must-change gives its place back once written, before its batched uac check. The DC applies
    // one write at a time, so what is queued at it must cover the engine's own latency per action
    // (claim, journal before and after): 64 in flight ran at 0.94x 64 parallel ldapmodify where 32
    // ran at 0.78x 32 (bench engine-ad).
    maxConcurrency: z
      .number()
      .int()
      .min(1)
      .max(128)
      .default(64)
      .describe('operations in flight per DC (their writes queue at the DC on few connections)'),
    connections: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(4)
      .describe(
        'LDAPS connections per DC over which password resets spread (key derivation); cheap writes share the first',
      ),
    privilegedGroups: z
      .array(z.string())
      .default([])
      .describe('extra privileged groups by DN, beyond the well-known SIDs'),
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
          message:
            `plain ldap:// is refused${d.readOnly ? ', read-only directories included' : ''}: ` +
            `the bind would send the service account's password in clear; use ldaps:// or set ` +
            `startTls: true`,
        });
      }
    });
  })
  .describe('an Active Directory domain (kind: ad)');

const entraDirectory = z
  .strictObject({
    id: directoryId.describe(
      'names the directory in plans, the journal and reports (lower-case letters, digits, dashes)',
    ),
    kind: z.literal('entra').describe('Microsoft Entra ID through Microsoft Graph'),
    tenantId: z.string().min(1).describe('the tenant (directory) id'),
    clientId: z
      .string()
      .min(1)
      .describe("the app registration's application (client) id; see docs/permissions.md for its permissions"),
    clientSecret: secretRef.optional().describe('the client secret: env:NAME or file:PATH (or give certificateFile)'),
    certificateFile: z
      .string()
      .optional()
      .describe('PEM file with the private key and certificate of the app (preferred to a secret)'),
    authorityHost: z
      .string()
      .url()
      .optional()
      .describe('e.g. https://login.microsoftonline.us for a national cloud, or the lab emulator'),
    graphBaseUrl: z
      .string()
      .url()
      .default('https://graph.microsoft.com')
      .describe('the Graph endpoint (a national cloud or the lab emulator)'),
    caFile: z
      .string()
      .optional()
      .describe('PEM CA file trusted for the authority and Graph (the lab emulator; not needed for Microsoft)'),
    readOnly: z
      .boolean()
      .default(false)
      .describe('discovery and verification only: Reclaim never writes to this tenant'),
    extraApps: z
      .array(
        z.strictObject({
          clientId: z.string().min(1).describe('application (client) id of the extra app'),
          clientSecret: secretRef.optional().describe('its client secret: env:NAME or file:PATH'),
          certificateFile: z.string().optional().describe('its PEM key and certificate'),
        }),
      )
      .default([])
      .describe('further app registrations that share the write load (each has its own per-app Graph quota)'),
    maxConcurrency: z
      .number()
      .int()
      .min(1)
      .max(64)
      .default(8)
      .describe('$batch requests (up to 20 writes each) in flight per app registration'),
    signInActivity: z
      .boolean()
      .optional()
      .describe(
        'read last sign-ins (signInActivity: Entra ID P1 and AuditLog.Read.All, 10 requests a ' +
          "minute); default true. Without them a cloud-only user's staleness is unknown, never " +
          'inferred',
      ),
  })
  .superRefine((d, ctx) => {
    if (!d.clientSecret && !d.certificateFile) {
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecret'],
        message: 'give clientSecret (env:/file:) or certificateFile',
      });
    }
  })
  .describe('a Microsoft Entra ID tenant (kind: entra)');

// Email notices to users (src/notify). Optional: without it, no notice is sent.
const mailbox = z
  .string()
  .regex(
    /^(?:[^<>@]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/,
    'expected a mail address, e.g. "IT Security <it-security@corp.example>"',
  );
const notifySection = z
  .strictObject({
    host: z.string().min(1).describe("the organisation's mail relay"),
    port: z.number().int().min(1).max(65535).default(587).describe('SMTP port'),
    security: z
      .enum(['tls', 'starttls', 'none'])
      .default('starttls')
      .describe(
        'tls: TLS from the first byte (465); starttls: upgrade required (587, 25); none: plain relay, no credentials',
      ),
    user: z.string().min(1).optional().describe('SMTP user (with password)'),
    password: secretRef.optional().describe("the SMTP user's password: env:NAME or file:PATH"),
    caFile: z.string().min(1).optional().describe("PEM CA file of the relay's certificate"),
    tlsServerName: z.string().optional().describe("the name on the relay's certificate, when it differs from host"),
    from: mailbox.describe('the sender, e.g. "IT Security <it-security@corp.example>"'),
    replyTo: mailbox.optional().describe('where replies go'),
    templatesDir: z
      .string()
      .min(1)
      .optional()
      .describe('a copy of examples/notice-templates edited by the organisation; the shipped defaults otherwise'),
    ratePerMinute: z.number().int().min(1).max(10000).default(60).describe('notices sent per minute at most'),
    finalWarningHours: z
      .number()
      .positive()
      .default(1)
      .describe("hours before a wave's deadline the final warning goes out (reminders: waves.reminderHours)"),
    outOfBand: z
      .enum(['always', 'high-assurance', 'never'])
      .default('high-assurance')
      .describe('when notices avoid the corporate mailbox, which the attacker may read'),
    alternateAddressAttribute: z
      .string()
      .min(1)
      .optional()
      .describe('the identity attribute holding a personal address, e.g. extensionAttribute5'),
    managerFallback: z
      .boolean()
      .default(true)
      .describe("without a personal address, send out-of-band notices to the manager's mailbox"),
    ssprUrl: z
      .string()
      .url()
      .optional()
      .describe('the self-service password reset page named in notices (standard assurance only)'),
    portalUrl: z
      .string()
      .url()
      .default('https://myaccount.microsoft.com')
      .describe('where cloud users sign in to change their password'),
    vpnSteps: z.string().min(1).optional().describe("the organisation's own VPN steps, replacing the generic ones"),
    locale: z.string().default('en-GB').describe('language and date format of the notices (BCP 47)'),
  })
  .superRefine((n, ctx) => {
    if (n.user && !n.password)
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'give the SMTP password of notify.user as env:NAME or file:PATH',
      });
    if (n.password && !n.user)
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'a password is set but no user' });
    // SAFETY: SMTP credentials never cross the network in clear.
    if (n.user && n.security === 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['security'],
        message: 'SMTP credentials are refused over a plain connection: use tls or starttls',
      });
    }
    if (n.outOfBand !== 'never' && !n.alternateAddressAttribute && !n.managerFallback) {
      ctx.addIssue({
        code: 'custom',
        path: ['outOfBand'],
        message:
          'out-of-band notices need alternateAddressAttribute or managerFallback: true (or set outOfBand: never)',
      });
    }
  })
  .describe('email notices to users (announcement, reminders, final warning, disabled); absent: no notice is sent');

type CustomSegment = Exclude<SegmentId, 'krbtgt' | 'privileged'>;
const customSegmentRule = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'use lower-case letters, digits and dashes')
      .describe('names the rule in plans'),
    description: z.string().min(1).describe('why the rule exists, shown in the plan'),
    segment: z
      .enum(segmentIds.filter((id) => id !== 'krbtgt' && id !== 'privileged') as [CustomSegment, ...CustomSegment[]])
      .describe('the segment the identity goes to'),
    when: z
      .strictObject({
        memberOf: z.string().min(1).optional().describe('group DN (AD) or group id (Entra), direct membership'),
        ouSuffix: z
          .string()
          .min(1)
          .optional()
          .describe("the identity's DN ends with this (an OU and everything below it)"),
        namePattern: z.string().min(1).optional().describe('a regular expression on the account name'),
        directory: z.string().min(1).optional().describe('a directory id'),
        attribute: z
          .strictObject({
            name: z.string().min(1).describe('attribute name'),
            equals: z.string().optional().describe('the value it must equal'),
            pattern: z.string().optional().describe('a regular expression its value must match'),
          })
          .optional()
          .describe('an identity attribute'),
      })
      .describe('every condition given must hold'),
  })
  .describe('a custom segment rule');

const helpdeskShift = z
  .strictObject({
    name: z.string().optional().describe('names the shift in the forecast'),
    agents: z.number().int().min(0).describe('agents answering calls in this shift'),
    startHour: z.number().min(0).max(23).describe('local start hour'),
    hours: z.number().positive().max(24).describe('length of the shift'),
    utcOffsetHours: z.number().min(-12).max(14).describe("the shift's UTC offset"),
    days: z
      .array(z.number().int().min(0).max(6))
      .optional()
      .describe('days of the week it works, 0 = Sunday (every day otherwise)'),
  })
  .describe('a helpdesk shift');

// Optional OIDC single sign-on for the console, an addition to its own accounts, never a
// replacement: the corporate IdP may be the thing that is compromised.
const oidcSection = z
  .strictObject({
    // SAFETY: the kill switch: false refuses every OIDC sign-in and ends every OIDC session at once.
    enabled: z
      .boolean()
      .default(true)
      .describe('false: OIDC sign-in refused and every OIDC session ended (read when serve starts)'),
    issuer: z.string().url().describe('the issuer URL; its /.well-known/openid-configuration is read from there'),
    clientId: z.string().min(1).describe("the console's client id at the IdP"),
    clientSecret: secretRef.describe('its client secret: env:NAME or file:PATH'),
    redirectUrl: z.string().url().describe('where the IdP sends the browser back: https://CONSOLE/api/oidc/callback'),
    usernameClaim: z
      .string()
      .min(1)
      .default('preferred_username')
      .describe('the ID token (or userinfo) claim matched against the console username'),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile']).describe('scopes requested; must include openid'),
  })
  .superRefine((o, ctx) => {
    // SAFETY: authorization codes and client secrets never cross the network in clear; plain
    // http is accepted only on the loopback interface (a local test provider).
    for (const field of ['issuer', 'redirectUrl'] as const) {
      const url = URL.canParse(o[field]) ? new URL(o[field]) : undefined;
      if (url && url.protocol === 'http:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: 'use https:// (plain http:// is accepted only on loopback)',
        });
      }
    }
    if (URL.canParse(o.redirectUrl) && !new URL(o.redirectUrl).pathname.endsWith('/api/oidc/callback')) {
      ctx.addIssue({
        code: 'custom',
        path: ['redirectUrl'],
        message: 'the redirect URL must end with /api/oidc/callback',
      });
    }
    if (!o.scopes.includes('openid'))
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'the scopes must include openid' });
  })
  .describe('optional OIDC single sign-on to the console, in addition to its own accounts (never required)');

/** postgres://user:PASSWORD@host/db: the password would sit in a file that is reviewed and pasted. */
function hasInlinePassword(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url) && URL.canParse(url) && new URL(url).password !== '';
}

export const configSchema = z
  .strictObject({
    campaign: z
      .strictObject({
        name: z.string().min(1).describe('names the campaign in reports and notices'),
        timezone: z.string().default('UTC').describe('IANA time zone of the dates in notices and reports'),
      })
      .default({ name: 'Reclaim campaign', timezone: 'UTC' })
      .describe('the campaign'),
    store: z
      .strictObject({
        url: z
          .string()
          .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'expected sqlite:PATH or postgres://...')
          .refine(
            (url) => !hasInlinePassword(url),
            'a password in the store URL is refused: remove it and set store.password to env:NAME or file:PATH',
          )
          .default('sqlite:./reclaim.sqlite')
          .describe(
            'sqlite:PATH for one machine, or postgres://user@host/db when several workers or consoles share one campaign (no password in it)',
          ),
        password: secretRef
          .optional()
          .describe('the PostgreSQL password, as a reference only (env:NAME or file:PATH, never in store.url)'),
        sqliteCacheMb: z
          .number()
          .int()
          .min(2)
          .max(4096)
          .optional()
          .describe(
            "a SQLite store's page cache per connection, in MiB (default 64; a process has three such connections: its writer and two read workers)",
          ),
      })
      .superRefine((s, ctx) => {
        if (s.password && !/^postgres(ql)?:/.test(s.url)) {
          ctx.addIssue({
            code: 'custom',
            path: ['password'],
            message: 'store.password is for a postgres:// store only',
          });
        }
        if (s.sqliteCacheMb !== undefined && !/^sqlite:/.test(s.url)) {
          ctx.addIssue({
            code: 'custom',
            path: ['sqliteCacheMb'],
            message: 'store.sqliteCacheMb is for a sqlite: store only',
          });
        }
      })
      .default({ url: 'sqlite:./reclaim.sqlite' })
      .describe('where the campaign, its journal and its audit log live'),
    directories: z
      .array(z.discriminatedUnion('kind', [adDirectory, entraDirectory]))
      .min(1, 'configure at least one directory')
      .describe('the directories in scope: Active Directory domains and Entra ID tenants'),
    protected: z
      .strictObject({
        identities: z
          .array(z.string())
          .default([])
          .describe('names (sAMAccountName or UPN) or directory:key references that automation never touches'),
        groups: z.array(z.string()).default([]).describe('groups whose members automation never touches'),
      })
      .default({ identities: [], groups: [] })
      .describe(
        "identities never touched by automation, whatever a plan says (Reclaim's own accounts and sync accounts always are)",
      ),
    segments: z
      .strictObject({
        vpnCertificateGroup: z
          .string()
          .optional()
          .describe('group of remote users whose VPN signs in with a certificate'),
        vpnPasswordGroup: z
          .string()
          .optional()
          .describe('group of remote users whose VPN signs in with the domain password'),
        breakGlass: z
          .array(z.string())
          .default([])
          .describe('break-glass (emergency access) accounts: protected, listed in the plan'),
        serviceAccountOus: z.array(z.string()).default([]).describe('OUs (DN suffixes) holding service accounts'),
        serviceAccountNamePatterns: z
          .array(z.string())
          .default([])
          .describe('regular expressions on account names that mark service accounts'),
        inactiveDays: z
          .number()
          .int()
          .positive()
          .default(90)
          .describe('days without a sign-in after which an account is inactive'),
        rules: z
          .array(customSegmentRule)
          .optional()
          .describe('custom segment rules, tried after protection, krbtgt and privileged'),
        alternatives: z
          .partialRecord(z.enum(['onsite', 'vpnCertificate', 'hybrid']), z.literal('passwordPolicyExpiry'))
          .optional()
          .describe('per segment, the FGPP / shortened-maximum-age alternative instead of must-change'),
        serviceAccountInventory: z
          .array(
            z.strictObject({
              name: z.string().min(1).describe('account name'),
              owner: z.string().min(1).optional().describe('who rotates it'),
              application: z.string().min(1).optional().describe('what runs under it'),
            }),
          )
          .optional()
          .describe('known service accounts with their owner and application'),
      })
      .default({ breakGlass: [], serviceAccountOus: [], serviceAccountNamePatterns: [], inactiveDays: 90 })
      .describe('how identities are sorted into segments, each with its treatment'),
    helpdesk: z
      .strictObject({
        agents: z
          .number()
          .int()
          .positive()
          .default(5)
          .describe('agents answering calls (one shift from 08:00 UTC, unless shifts are given)'),
        callsPerAgentHour: z.number().positive().default(6).describe('calls one agent handles per hour'),
        hoursPerDay: z.number().positive().max(24).default(8).describe('hours the helpdesk answers per day'),
        contact: z.string().default('the IT helpdesk').describe('how users reach the helpdesk, as written in notices'),
        shifts: z
          .array(helpdeskShift)
          .optional()
          .describe('shifts in several time zones, replacing agents and hoursPerDay'),
        callRates: z
          .partialRecord(
            z.enum(treatmentIds),
            z.strictObject({
              registered: z.number().min(0).max(5).optional().describe('calls per identity registered for SSPR/MFA'),
              unregistered: z.number().min(0).max(5).optional().describe('calls per identity not registered'),
            }),
          )
          .optional()
          .describe('expected calls per identity by treatment, overriding the planning defaults'),
      })
      .default({ agents: 5, callsPerAgentHour: 6, hoursPerDay: 8, contact: 'the IT helpdesk' })
      .describe('the helpdesk the waves are sized to'),
    waves: z
      .strictObject({
        groupBy: z
          .string()
          .default('department')
          .describe('department, site, office, ou, directory, none, or attribute:NAME'),
        deadlineHours: duration
          .default(72)
          .describe('hours after a wave starts by which each person must have changed their password'),
        reminderHours: z
          .array(duration)
          .default([24, 4])
          .describe('reminders sent this many hours before the deadline'),
        graceHours: z
          .number()
          .min(0)
          .default(4)
          .describe('hours after the deadline before enforcement disables an account'),
        maxSize: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('at most this many identities per wave, whatever the helpdesk could absorb'),
        spacingHours: z.number().min(0).optional().describe('minimum hours between the starts of two waves'),
      })
      .default({ groupBy: 'department', deadlineHours: 72, reminderHours: [24, 4], graceHours: 4 })
      .describe('how the plan groups people into waves'),
    guardrails: z
      .strictObject({
        blastRadius: z
          .number()
          .int()
          .positive()
          .default(500)
          .describe('a wave larger than this needs a second approver'),
      })
      .default({ blastRadius: 500 })
      .describe('limits that need a second approver'),
    engine: z
      .strictObject({
        passwordKey: secretRef
          .optional()
          .describe(
            'the key reset passwords are derived from and console TOTP secrets are sealed with: env:NAME or file:PATH (mode 0600), ' +
              'at least 32 characters (`reclaim key create FILE`); every worker needs the same key',
          ),
        leaseSeconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .default(60)
          .describe('how long a worker holds a claimed action before another may take it over'),
        writesPerSecond: z
          .record(z.string(), z.number().positive())
          .default({})
          .describe('per directory id, the writes per second the engine paces to (default: unpaced, concurrency only)'),
        maxAttempts: z
          .number()
          .int()
          .min(1)
          .max(50)
          .default(8)
          .describe('attempts of a retryable failure before it is recorded as permanent'),
      })
      .default({ leaseSeconds: 60, writesPerSecond: {}, maxAttempts: 8 })
      .describe('the journaled engine that runs the waves'),
    notify: notifySection.optional(),
    console: z
      .strictObject({ tls: consoleTlsSection.optional(), oidc: oidcSection.optional() })
      .default({})
      .describe('the operator console (`reclaim serve`)'),
    readiness: z
      .strictObject({
        passwordWritebackEnabled: z
          .boolean()
          .optional()
          .describe(
            'Entra Connect password writeback is on (with SSPR: synced users are forced to change in the cloud, the change written back)',
          ),
        forceChangeSyncEnabled: z
          .boolean()
          .optional()
          .describe(
            "Entra Connect carries AD's must-change flag to the cloud together with a password change (ForcePasswordChangeOnLogOn)",
          ),
        cloudSignIn: z
          .enum(['passwordHashSync', 'passThrough', 'federated'])
          .optional()
          .describe(
            'how synced users sign in to the cloud: password hash sync, pass-through authentication or federation (Graph cannot tell PTA from PHS)',
          ),
        cloudSignInDomains: z
          .record(
            z.string().transform((d) => d.toLowerCase()),
            z.enum(['passwordHashSync', 'passThrough', 'federated']),
          )
          .optional()
          .describe(
            'per UPN domain, overriding cloudSignIn (e.g. one federated domain in a password-hash-sync tenant)',
          ),
        tapPolicyEnabled: z.boolean().optional().describe('the Temporary Access Pass authentication method is enabled'),
        vpnUsesDomainPassword: z.boolean().optional().describe('the VPN signs users in with their domain password'),
        oldPasswordAllowedMinutes: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe('the DCs\' "old password allowed period" (minutes; 0 closes the window, default 60)'),
        compromiseSince: z.iso
          .datetime({ offset: true })
          .or(z.iso.date())
          .optional()
          .describe(
            'when the compromise began (ISO date): smart-card hashes set before it are suspect (default: 90 days ago)',
          ),
      })
      .default({})
      .describe(
        'what Graph cannot tell about the tenant and the network, for readiness and treatments (unset: reported as unknown)',
      ),
    krbtgt: z
      .strictObject({
        maxTicketLifetimeHours: z
          .number()
          .positive()
          .max(168)
          .optional()
          .describe("maximum Kerberos ticket lifetime when the domain's policy is unknown (default 10)"),
        replicationHours: z
          .number()
          .min(0)
          .max(168)
          .optional()
          .describe('time for the first reset to reach every DC (default 1)'),
        firstResetAfterHours: z
          .number()
          .min(0)
          .optional()
          .describe('hours after the campaign start for the first reset (default 0)'),
      })
      .default({})
      .describe('the krbtgt double reset: the second waits for ticket lifetime plus replication after the first'),
  })
  .describe('reclaim.yaml: the configuration of a Reclaim campaign');

export type ReclaimConfig = z.infer<typeof configSchema>;
export type AdDirectoryConfig = z.infer<typeof adDirectory>;
export type EntraDirectoryConfig = z.infer<typeof entraDirectory>;
export type NotifyConfig = z.infer<typeof notifySection>;
export type OidcConfig = z.infer<typeof oidcSection>;
