// One key for a mailbox item across sources: the store's EventHistory shows its entry id as
// dash-separated hex bytes (00-00-00-00-5A-...), scripts print it without dashes, mailbox audit logs
// give a base64 StoreObjectId (`RgAAAA...`: one byte of length, 0x46 for a 70-byte message entry id,
// the entry id, one byte of object type; as in the real records of Elastic's o365 tests). All
// become the entry id in upper-case hex without separators.

const SEPARATORS = /[\s\-:{}]/g
const HEX = /^[0-9A-Fa-f]+$/
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/

export function normaliseItemId(written: string | undefined): string | undefined {
  if (written === undefined) return undefined
  const trimmed = written.trim()
  if (trimmed === '' || trimmed === '-') return undefined
  const compact = trimmed.replace(SEPARATORS, '')
  if (compact.length >= 8 && compact.length % 2 === 0 && HEX.test(compact)) return compact.toUpperCase()
  const entryId = entryIdOfStoreObjectId(trimmed)
  if (entryId !== undefined) return entryId
  return trimmed
}

// Only when the length prefix and the decoded size agree: anything else is kept as written.
function entryIdOfStoreObjectId(text: string): string | undefined {
  if (text.length < 24 || !BASE64.test(text)) return undefined
  const bytes = Buffer.from(text.replaceAll('-', '+').replaceAll('_', '/'), 'base64')
  const length = bytes[0] ?? 0
  if (length < 24 || (bytes.length !== 1 + length && bytes.length !== 2 + length)) return undefined
  return bytes.subarray(1, 1 + length).toString('hex').toUpperCase()
}

/**
 * An entry id found in a field that may hold other things (message tracking's `reference`):
 * only a long hex string counts (an entry id has at least 22 bytes), anything else is not one.
 */
export function entryIdIn(written: string | undefined): string | undefined {
  const id = normaliseItemId(written)
  return id !== undefined && id.length >= 44 && HEX.test(id) ? id : undefined
}

/**
 * The store event a record names (EventHistory's Counter; message tracking's source-context
 * `Event:`), kept in fields['exhunt.store_event'] so a submission can be tied to the item's events.
 */
export const STORE_EVENT_FIELD = 'exhunt.store_event'
