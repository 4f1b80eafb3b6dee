/** The commented starter configuration written by `reclaim init`. It must pass `reclaim config check`. */
export const starterConfig = `# Reclaim configuration. Check it with: reclaim config check
# Secrets are never written here: use env:NAME (an environment variable) or file:PATH.

campaign:
  name: "Incident response password reset"
  timezone: UTC

# Where the campaign, its journal and its audit log live. SQLite for one machine;
# postgres://user@host/db when several workers or servers share one campaign.
store:
  url: sqlite:./reclaim.sqlite

directories:
  # On-premises Active Directory, over LDAPS (plain ldap:// is refused for writes).
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
  blastRadius: 500           # waves larger than this need a second approver
`;
