// The standard field lists of Exchange 2013-2019 CSV logs, assumed for files that have lost their
// #Fields header (Elastic's test inputs, lines cut out of a log, a header stripped by a collector).
// Each list comes from Microsoft's documentation, named in `source`; `fits` checks that a line's
// values look like that log (timestamp, session id, event symbol), so a wrong guess is not silent.
import { parseExchangeTime } from './exchange-time.js'

export interface DefaultLayout {
  /** Human name, used in the no_header problem. */
  name: string
  /** Where the list is documented. */
  source: string
  names: readonly string[]
  fits(values: readonly string[]): boolean
}

/**
 * Exchange 2016/2019 (and 2013 CU with schema 15.x) message tracking, in order. Microsoft Learn,
 * "Message tracking logs in Exchange Server" (Fields in the message tracking log); Exchange 2013
 * lacks the last three (see MESSAGE_TRACKING_2013).
 */
export const MESSAGE_TRACKING_FIELDS = [
  'date-time', 'client-ip', 'client-hostname', 'server-ip', 'server-hostname', 'source-context', 'connector-id', 'source',
  'event-id', 'internal-message-id', 'message-id', 'network-message-id', 'recipient-address', 'recipient-status',
  'total-bytes', 'recipient-count', 'related-recipient-address', 'reference', 'message-subject', 'sender-address',
  'return-path', 'message-info', 'directionality', 'tenant-id', 'original-client-ip', 'original-server-ip', 'custom-data',
  'transport-traffic-type', 'log-id', 'schema-version',
] as const

/** Exchange 2013: the 2016 list without transport-traffic-type, log-id and schema-version (same docs page, 2013 version). */
export const MESSAGE_TRACKING_2013_FIELDS = MESSAGE_TRACKING_FIELDS.slice(0, 27)

/** SMTP Receive and Send protocol logs, Exchange 2013-2019: Microsoft Learn, "Protocol logging" (Fields in the protocol log). */
export const SMTP_PROTOCOL_FIELDS = [
  'date-time', 'connector-id', 'session-id', 'sequence-number', 'local-endpoint', 'remote-endpoint', 'event', 'data', 'context',
] as const

/**
 * POP3 and IMAP4 protocol logs of Exchange 2013-2019 (Logging\Pop3, Logging\Imap4). Microsoft's page
 * "POP3 and IMAP4 protocol logging" documents only the older Exchange 2010 list (date-time,
 * connector-id, session-id ...); this list is the one Exchange 2013+ writes, as Elastic's
 * microsoft_exchange_server imap4_pop3 ingest pipeline reads it (its csv target_fields, in order).
 */
export const POP_IMAP_FIELDS = [
  'dateTime', 'sessionId', 'seqNumber', 'sIp', 'cIp', 'user', 'duration', 'rqsize', 'rpsize', 'command', 'parameters', 'context', 'puid',
] as const

/** One of Exchange's event-ids in upper case letters only (RECEIVE, HAREDIRECTFAIL ...). */
function isEventId(value: string | undefined): boolean {
  if (value === undefined || value.length < 3 || value.length > 24) return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 65 || c > 90) return false
  }
  return true
}

/** 16 hexadecimal digits: Exchange's session ids (08DC1DB8591B229A). */
export function isSessionId(value: string | undefined): boolean {
  if (value === undefined || value.length !== 16) return false
  for (let i = 0; i < 16; i++) {
    const c = value.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false
  }
  return true
}

function isProtocolEvent(value: string | undefined): boolean {
  return value === '+' || value === '-' || value === '>' || value === '<' || value === '*'
}

export const MESSAGE_TRACKING_DEFAULTS: readonly DefaultLayout[] = [
  {
    name: 'Exchange 2016/2019 message tracking',
    source: 'Microsoft Learn, "Message tracking logs in Exchange Server"',
    names: MESSAGE_TRACKING_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && isEventId(v[8]),
  },
  {
    name: 'Exchange 2013 message tracking',
    source: 'Microsoft Learn, "Message tracking" (Exchange 2013)',
    names: MESSAGE_TRACKING_2013_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && isEventId(v[8]),
  },
]

export const SMTP_PROTOCOL_DEFAULTS: readonly DefaultLayout[] = [
  {
    name: 'Exchange SMTP protocol log',
    source: 'Microsoft Learn, "Protocol logging"',
    names: SMTP_PROTOCOL_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && isSessionId(v[2]) && isProtocolEvent(v[6]),
  },
]

export const POP_IMAP_DEFAULTS: readonly DefaultLayout[] = [
  {
    name: 'Exchange POP3/IMAP4 protocol log',
    source: 'as Elastic\'s microsoft_exchange_server imap4_pop3 pipeline reads Exchange 2013+ logs',
    names: POP_IMAP_FIELDS,
    fits: (v) => parseExchangeTime(v[0]) !== undefined && isSessionId(v[1]) && (v[3] ?? '').indexOf(':') > 0,
  },
]
