// One key for a mailbox item across sources: the store's EventHistory shows its entry id as
// dash-separated hex bytes (00-00-00-00-5A-...), scripts print it without dashes, mailbox audit logs
// give a base64 StoreObjectId (`RgAAAAD...`: a 4-byte little-endian length, the entry id, a type
// byte). All become the entry id in upper-case hex without separators.

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
  if (bytes.length < 8) return undefined
  const length = bytes.readUInt32LE(0)
  if (length < 20 || 4 + length > bytes.length || bytes.length - 4 - length > 2) return undefined
  return bytes.subarray(4, 4 + length).toString('hex').toUpperCase()
}
