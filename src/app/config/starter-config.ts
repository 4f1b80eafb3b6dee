/** The commented starter configuration written by `reclaim init`. It must parse and validate; `reclaim config check` then asks for the key file it names. */
export const starterConfig = `# Reclaim configuration. Check it with: reclaim config check
# Secrets are never written here: use env:NAME (an environment variable) or file:PATH.

campaign:
  name: "Incident response password reset"
  timezone: UTC

# Where the campaign, its journal and its audit log live. SQLite for one machine;
# postgres://user@host/db when several workers or servers share one campaign (its password
# never in the URL: store.password: env:RECLAIM_PG_PASSWORD).
store:
  url: sqlite:./reclaim.sqlite

directories:
  # On-premises Active Directory, over LDAPS (plain ldap:// is refused: the bind sends the password).
  - id: corp
    kind: ad
    urls: [ldaps://dc1.corp.example:636]   # several writable DCs spread the writes
    baseDns: ["DC=corp,DC=example"]
    bindDn: svc-reclaim@corp.example
    password: env:RECLAIM_AD_PASSWORD
    caFile: /etc/reclaim/corp-ca.pem        # the CA that issued the DCs' certificates
  # Microsoft Entra ID, through Microsoft Graph.
  # - id: cloud
  #   kind: entra
  #   tenantId: 00000000-0000-0000-0000-000000000000
  #   clientId: 00000000-0000-0000-0000-000000000000
  #   clientSecret: env:RECLAIM_ENTRA_SECRET
  #   signInActivity: true              # last sign-ins (Entra ID P1, AuditLog.Read.All); without them staleness is unknown

# Identities automation never touches (break-glass, Reclaim's own and sync accounts).
protected:
  identities: [svc-reclaim]
  groups: []

segments:
  # vpnCertificateGroup: "CN=VPN-Cert,OU=Groups,DC=corp,DC=example"
  # vpnPasswordGroup: "CN=VPN-Password,OU=Groups,DC=corp,DC=example"
  breakGlass: []
  serviceAccountOus: []
  serviceAccountNamePatterns: ["^svc[-_]"]
  inactiveDays: 90

# Waves are sized so the helpdesk can absorb the calls.
helpdesk:
  agents: 5
  callsPerAgentHour: 6
  hoursPerDay: 8
  contact: "the IT helpdesk, +1 555 0100"

waves:
  groupBy: department        # department, site, ou, or attribute:NAME
  deadlineHours: 72
  reminderHours: [24, 4]
  graceHours: 4

guardrails:
  blastRadius: 500           # waves larger than this need two approvers, neither the plan's author

# What Graph cannot tell about the tenant. They decide how a synced (hybrid) person is treated;
# an unknown is shown by \`reclaim assess\` and never picks a weaker treatment.
# readiness:
#   passwordWritebackEnabled: true      # Entra Connect password writeback (with SSPR): cloud force change
#   forceChangeSyncEnabled: false       # Connect's ForcePasswordChangeOnLogOn (userForcePasswordChangeOnLogonEnabled)
#   cloudSignIn: passwordHashSync       # passwordHashSync, passThrough or federated
#   cloudSignInDomains: { fed.corp.example: federated }
#   tapPolicyEnabled: true

# The password key. Every reset password is derived from it and the action's id, so a retry after
# a crash sets the same value, yet no password is ever stored; console TOTP secrets are sealed with
# it. Keep it outside the store and this file, readable only by the operators' account, and give
# the same key to every 'reclaim worker' of the campaign (a worker with another key refuses).
# Create it once with:   reclaim key create /etc/reclaim/reclaim.key      (256 bits, mode 0600)
engine:
  passwordKey: file:/etc/reclaim/reclaim.key

# Email notices to users (announcement, reminders, final warning, disabled). Uncomment to send.
# Notices never carry a password or a TAP. Under high assurance they avoid the corporate mailbox
# (the attacker may read it): a personal address from a directory attribute, else the manager.
# notify:
#   host: smtp.corp.example
#   port: 587
#   security: starttls                  # tls (port 465), starttls, or none (a relay without credentials)
#   user: svc-reclaim-mail
#   password: env:RECLAIM_SMTP_PASSWORD
#   caFile: /etc/reclaim/corp-ca.pem
#   from: "IT Security <it-security@corp.example>"
#   replyTo: helpdesk@corp.example
#   templatesDir: ./notice-templates    # a copy of examples/notice-templates; the defaults otherwise
#   ratePerMinute: 60
#   finalWarningHours: 1               # reminders follow waves.reminderHours
#   outOfBand: high-assurance           # always, high-assurance or never
#   alternateAddressAttribute: extensionAttribute5
#   managerFallback: true
#   ssprUrl: https://passwordreset.corp.example
#   portalUrl: https://myaccount.microsoft.com

# The console (reclaim serve) serves HTTPS with this pair; without it, plain HTTP only on
# loopback, or start once with \`reclaim serve --self-signed\` and check the printed fingerprint.
# console:
#   tls:
#     certFile: /etc/reclaim/console-cert.pem
#     keyFile: /etc/reclaim/console-key.pem
`;
