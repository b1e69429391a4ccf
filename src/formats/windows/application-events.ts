// The Application log's mail events: the SMTP service of IIS (SMTPSVC, Exchange 2003) and Exchange's
// transport (MSExchangeTransport; MSExchangeFrontEndTransport from Exchange 2013) are SMTP; their
// message parameters stay in fields as Data1..n. A few SmtpReceive events that name the client or
// the account of an SMTP AUTH get their own action (Exchange 2010 "Transport Errors and Events").

const SMTP_PROVIDERS = /^(smtpsvc|msexchangetransport|msexchange ?front ?end ?transport)$/i

export function isSmtpProvider(provider: string): boolean {
  return SMTP_PROVIDERS.test(provider)
}

export interface ApplicationEventSpec {
  readonly action: string
  readonly outcome?: 'success' | 'failure'
  /** Data names (Data1...) of the client address, the account, the status word. */
  readonly client?: string
  readonly user?: string
  readonly status?: string
}

/** SmtpReceive events of MSExchangeTransport and MSExchangeFrontEndTransport, by id. */
export const SMTP_RECEIVE_EVENTS: ReadonlyMap<number, ApplicationEventSpec> = new Map([
  // "Inbound authentication failed with error %1 for Receive connector %2. The authentication
  // mechanism is %3. The source IP address of the client who tried to authenticate to Microsoft Exchange is [%4]."
  [1035, { action: 'smtp-auth-failed', outcome: 'failure', client: 'Data4', status: 'Data1' }],
  // "Receive connector %1: Authentication failures have exceeded the maximum of %2 for the connection from %3."
  [1012, { action: 'smtp-auth-failures-exceeded', outcome: 'failure', client: 'Data3' }],
  // "The account '%1' provided valid credentials, but is not authorized to use the server; failing authentication."
  [1020, { action: 'smtp-auth-not-authorized', outcome: 'failure', user: 'Data1' }],
  // "Inbound direct trust authentication failed for certificate %1. The source IP address of the server ... is [%2]."
  [1036, { action: 'smtp-direct-trust-failed', outcome: 'failure', client: 'Data2' }],
])
