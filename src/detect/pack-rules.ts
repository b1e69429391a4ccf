// What investigate and containment know about the pack's own rules: which ones describe a door that
// was abused (an endpoint serving what it should not, an SMTP server relaying, an exploited
// vulnerability) and what to block there, and which ones bear on the hardening advice.

export type AbuseKind = 'door' | 'relay' | 'exploit'

export interface AbuseRule {
  kind: AbuseKind
  /** What the endpoint publishes when the finding cannot say (learnt ActiveSync publications). */
  publishes?: readonly string[]
  /** URI patterns the perimeter should refuse on an exploited endpoint (`*`: any characters). */
  block?: readonly string[]
}

export const RULE_IDS = {
  offPublication: 'exhunt-off-publication',
  unknownBrowser: 'exhunt-unknown-browser',
  accountSpread: 'exhunt-account-spread',
  bruteForceSuccess: 'exhunt-brute-force-success',
  smtpRelay: 'exhunt-smtp-relay',
  // src/detect/rules/*.yml
  proxyLogon: '57fd04be-c8fd-4baa-bb53-75596466498f',
  proxyShell: 'cd543d9a-c882-491b-9f18-c60cf08e8a9a',
  proxyNotShell: 'dc6f6750-677a-4690-8684-2a5668d31521',
  webShell: 'f7b57b8f-629a-422f-aeb3-39563e3719d9',
  failedLogonBurst: '937dd402-ac74-4ea6-ac4f-5d03449cb711',
  weakAccount: 'd0b82f43-303f-453d-9331-b44203c2f643',
  ghostMail: '598615cb-8772-4cbc-86e8-ee5729bb5da4',
} as const

export const ABUSE_RULES: ReadonlyMap<string, AbuseRule> = new Map<string, AbuseRule>([
  [RULE_IDS.offPublication, { kind: 'door', publishes: ['EAS'] }],
  [RULE_IDS.smtpRelay, { kind: 'relay' }],
  [RULE_IDS.proxyLogon, { kind: 'exploit', block: ['/ecp/*.js', '/ecp/DDI/DDIService.svc/SetObject*', '/owa/auth/Current/themes/resources/*.aspx'] }],
  [RULE_IDS.proxyShell, { kind: 'exploit', block: ['/autodiscover/autodiscover.json*@*/mapi/nspi*', '/autodiscover/autodiscover.json*@*/powershell*', '/autodiscover/autodiscover.json*@*/ews/*'] }],
  [RULE_IDS.proxyNotShell, { kind: 'exploit', block: ['/autodiscover/autodiscover.json*@*Powershell*'] }],
  [RULE_IDS.webShell, { kind: 'exploit', block: ['/aspnet_client/*.aspx', '/aspnet_client/*.ashx', '/owa/auth/*.aspx (all but logon, logoff, errorFE, expiredpassword, frowny, timeoutlogout, OutlookCN, RedirSuiteServiceProxy)'] }],
])

/** Rules whose findings show passwords being guessed. */
export const GUESSING_RULES: ReadonlySet<string> = new Set([RULE_IDS.bruteForceSuccess, RULE_IDS.failedLogonBurst, RULE_IDS.accountSpread])
