// The codes Windows writes into logon events, in words: NTSTATUS values (4625 Status/SubStatus,
// 4776 and 680/681 error codes), Kerberos result codes (4768, 4769, 4771), the %%23xx failure
// reasons of 4625, and logon types. Words are short and lower-case so they stack well.
// Sources: Microsoft's pages for events 4625, 4768 and 4776, KB 273499 (681's decimal codes), RFC 4120.

/** A status code as written (0xc000006a, 0xC000006A, C000006A, 3221225578, 0x18) in one form: 0xC000006A, 0x18. */
export function canonicalStatus(written: string | undefined): string | undefined {
  if (written === undefined) return undefined
  const text = written.trim()
  let value: number
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) value = Number.parseInt(text.slice(2), 16)
  else if (/^[0-9a-f]{8}$/i.test(text) && /[a-f]/i.test(text)) value = Number.parseInt(text, 16)
  else if (/^\d{1,10}$/.test(text)) value = Number(text) // 681 writes NTSTATUS in decimal
  else return undefined
  if (value > 0xffffffff) return undefined
  const hex = value.toString(16).toUpperCase()
  return `0x${value > 0xffff ? hex.padStart(8, '0') : hex}`
}

const NT_STATUS: Readonly<Record<string, string>> = {
  '0x0': 'success',
  '0xC000005E': 'no logon servers',
  '0xC0000064': 'no such user',
  '0xC000006A': 'bad password',
  '0xC000006C': 'password policy not met',
  '0xC000006D': 'bad user name or password',
  '0xC000006E': 'account restriction',
  '0xC000006F': 'outside logon hours',
  '0xC0000070': 'workstation restriction',
  '0xC0000071': 'password expired',
  '0xC0000072': 'account disabled',
  '0xC00000DC': 'sam server in wrong state',
  '0xC0000133': 'clock skew',
  '0xC000015B': 'logon type not granted',
  '0xC000018C': 'trust relationship failed',
  '0xC0000192': 'netlogon not started',
  '0xC0000193': 'account expired',
  '0xC0000224': 'must change password',
  '0xC0000225': 'windows bug',
  '0xC0000234': 'account locked',
  '0xC00002EE': 'error during logon',
  '0xC0000371': 'no secret in local account store',
  '0xC0000413': 'authentication firewall',
}

/** NTSTATUS (4625, 4776, 680, 681) in words; undefined for codes not in the table. */
export function ntStatusReason(written: string | undefined): string | undefined {
  const code = canonicalStatus(written)
  return code === undefined ? undefined : NT_STATUS[code]
}

// RFC 4120 section 7.5.9 error codes as the KDC writes them into 4768/4769/4771 (and 672-677).
const KERBEROS_RESULT: readonly string[] = [
  'success', // 0x0
  'client entry expired',
  'service entry expired',
  'bad protocol version',
  'client key in old master key',
  'service key in old master key',
  'unknown principal', // 0x6
  'unknown service principal',
  'principal not unique',
  'null key',
  'cannot postdate',
  'never valid',
  'policy rejected request',
  'option not supported',
  'encryption type not supported',
  'checksum type not supported',
  'pre-auth type not supported', // 0x10
  'transited type not supported',
  'revoked or disabled', // 0x12
  'service revoked',
  'tgt revoked',
  'client not yet valid',
  'service not yet valid',
  'password expired', // 0x17
  'bad password', // 0x18: pre-authentication failed
  'pre-auth required',
  'server mismatch',
  'must use user-to-user',
  'path not accepted',
  'service unavailable',
  '', // 0x1E unused
  'integrity check failed',
  'ticket expired', // 0x20
  'ticket not yet valid',
  'replay',
  'ticket not for us',
  'ticket and authenticator mismatch',
  'clock skew', // 0x25
  'bad address',
  'protocol version mismatch',
  'bad message type',
  'stream modified',
  'out of order',
  '', // 0x2B unused
  'bad key version',
  'no key',
  'mutual authentication failed',
  'bad direction',
  'alternate method required', // 0x30
  'bad sequence number',
  'inappropriate checksum',
  'path not accepted',
  'response too big',
  '',
  '',
  '',
  '',
  '',
  '',
  '',
  'generic error', // 0x3C
  'field too long',
  'client not trusted',
  'kdc not trusted',
  'invalid signature', // 0x40
  'key too weak',
  'certificate mismatch',
  'no tgt',
  'wrong realm',
]

/** A Kerberos result/failure code (0x18) in words; undefined when unknown. */
export function kerberosResultReason(written: string | undefined): string | undefined {
  const code = canonicalStatus(written)
  if (code === undefined) return undefined
  const reason = KERBEROS_RESULT[Number.parseInt(code.slice(2), 16)]
  return reason === undefined || reason === '' ? undefined : reason
}

// 4625's FailureReason is a message-table reference (%%2313); Event Viewer writes its text instead.
const FAILURE_REASON: Readonly<Record<string, string>> = {
  '2304': 'error during logon',
  '2305': 'account expired',
  '2306': 'netlogon not active',
  '2307': 'account locked',
  '2308': 'logon type not granted',
  '2309': 'password expired',
  '2310': 'account disabled',
  '2311': 'outside logon hours',
  '2312': 'workstation restriction',
  '2313': 'bad user name or password',
}

const FAILURE_TEXT: ReadonlyArray<readonly [RegExp, string]> = [
  [/unknown user name or bad password/i, 'bad user name or password'],
  [/locked out/i, 'account locked'],
  [/currently disabled/i, 'account disabled'],
  [/account has expired/i, 'account expired'],
  [/password has expired/i, 'password expired'],
  [/time restriction/i, 'outside logon hours'],
  [/not allowed to logon at this computer/i, 'workstation restriction'],
  [/not been granted the requested logon type/i, 'logon type not granted'],
  [/netlogon component is not active/i, 'netlogon not active'],
  [/error occur+ed during logon/i, 'error during logon'],
]

/** 4625 FailureReason, as %%2313 or as Event Viewer's text, in words. */
export function failureReasonWords(written: string | undefined): string | undefined {
  if (written === undefined) return undefined
  const ref = /^%%(\d{4})$/.exec(written.trim())
  if (ref !== null) return FAILURE_REASON[ref[1]!]
  return FAILURE_TEXT.find(([re]) => re.test(written))?.[1]
}

const LOGON_TYPES: Readonly<Record<string, string>> = {
  '0': 'System',
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '6': 'Proxy',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
  '12': 'CachedRemoteInteractive',
  '13': 'CachedUnlock',
}

/** The logon type number as written ('3', or a legacy event's ' 3') and its name. */
export function logonType(written: string | undefined): { number: string; name?: string } | undefined {
  const number = written?.trim()
  if (number === undefined || !/^\d{1,2}$/.test(number)) return undefined
  const name = LOGON_TYPES[String(Number(number))]
  return name === undefined ? { number: String(Number(number)) } : { number: String(Number(number)), name }
}
