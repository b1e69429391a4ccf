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

/** The pack's rules whose findings the summary and containment read (src/detect/rules/*.yml). */
export const RULE_IDS = {
  smtpRelay: 'd5a02286-c1d9-4df0-9ef0-69a4f4eac910',
  smtpRelayBulk: '10249738-4cbb-4cbf-a713-125fb6ddbc16',
  smtpRelayNight: '097c0597-fb04-4478-bcc6-0868612ff887',
  offPublication: 'c795cbf4-7f59-4279-b53b-72f4028da3b0',
  offPublicationLearnt: 'bd1e8ae7-937d-4c2a-98a6-d128f8356c88',
  offPublicationAnonymous: 'eedbc15b-f3b8-4d15-9d18-53e54556f522',
  unknownBrowser: '6146e2d6-65b9-45a3-9338-b7e3490655f4',
  unknownBrowserInside: 'bf494627-fa7e-4987-acac-691e0bfa6249',
  passwordSpray: '6163a07c-23c4-4a5c-ad62-d270877a8229',
  sprayThenLogon: 'd53bdee7-a2e6-4c0d-9251-804644411462',
  sourceManyAccounts: 'c051146e-2ef5-4470-95d5-4d2b42023cc3',
  accountManySources: 'c24a8bfc-e0ce-43f6-aeea-8343c6123890',
  bruteForceSuccess: 'd31ed7aa-a70e-4a1a-9e7c-df604fcdfd83',
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
  [RULE_IDS.offPublicationLearnt, { kind: 'door', publishes: ['EAS'] }],
  [RULE_IDS.smtpRelay, { kind: 'relay' }],
  [RULE_IDS.smtpRelayBulk, { kind: 'relay' }],
  [RULE_IDS.smtpRelayNight, { kind: 'relay' }],
  [RULE_IDS.proxyLogon, { kind: 'exploit', block: ['/ecp/*.js', '/ecp/DDI/DDIService.svc/SetObject*', '/owa/auth/Current/themes/resources/*.aspx'] }],
  [RULE_IDS.proxyShell, { kind: 'exploit', block: ['/autodiscover/autodiscover.json*@*/mapi/nspi*', '/autodiscover/autodiscover.json*@*/powershell*', '/autodiscover/autodiscover.json*@*/ews/*'] }],
  [RULE_IDS.proxyNotShell, { kind: 'exploit', block: ['/autodiscover/autodiscover.json*@*Powershell*'] }],
  [RULE_IDS.webShell, { kind: 'exploit', block: ['/aspnet_client/*.aspx', '/aspnet_client/*.ashx', '/owa/auth/*.aspx (all but logon, logoff, errorFE, expiredpassword, frowny, timeoutlogout, OutlookCN, RedirSuiteServiceProxy)'] }],
])

/** Rules whose findings show passwords being guessed. */
export const GUESSING_RULES: ReadonlySet<string> = new Set([
  RULE_IDS.bruteForceSuccess,
  RULE_IDS.failedLogonBurst,
  RULE_IDS.passwordSpray,
  RULE_IDS.sprayThenLogon,
  RULE_IDS.sourceManyAccounts,
  RULE_IDS.accountManySources,
])

/**
 * Rules that are one detection at several severities (a Sigma rule has one level): the summary counts
 * the heaviest finding of a family once, as it does the heaviest of one rule, so that a relay found
 * low, bulk (medium) and at night (high) weighs as high, not as all three added up.
 */
export const RULE_FAMILIES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'off-publication': [RULE_IDS.offPublication, RULE_IDS.offPublicationLearnt, RULE_IDS.offPublicationAnonymous],
    'unknown-browser': [RULE_IDS.unknownBrowser, RULE_IDS.unknownBrowserInside],
    'account-spread': [RULE_IDS.passwordSpray, RULE_IDS.sprayThenLogon, RULE_IDS.sourceManyAccounts, RULE_IDS.accountManySources],
    'smtp-relay': [RULE_IDS.smtpRelay, RULE_IDS.smtpRelayBulk, RULE_IDS.smtpRelayNight],
  }).flatMap(([family, ids]) => ids.map((id): [string, string] => [id, family])),
)
