// The structured free-text columns of Exchange logs, split into named parts:
//   'MDB:1a2b, Mailbox:3c4d, Event:91234, ClientType:MOMT'   (store driver source-context, ', ' and ':')
//   'ClientType:OWA;MessageClass:IPM.Note'                   (';' and ':')
//   'S:DeliveryPriority=Normal;S:AccountForest=acme.example'  (custom-data: typed 'T:Key=Value' parts)
// Text of any other shape ('08DC1DB12C345BE5;2024-01-25T15:16:09.544Z;0', 'No suitable shadow servers',
// ';250 2.0.0 OK ...') is not split: every non-empty part must be well formed, or nothing is returned.

/** Key/value pairs in order, or undefined when the text is not made of such parts. */
export function splitKeyValueParts(text: string): Array<[string, string]> | undefined {
  if (text.length < 3) return undefined
  const typed = isTypedStart(text)
  const separator = typed ? ';' : text.indexOf(', ') !== -1 ? ', ' : ';'
  const parts: Array<[string, string]> = []
  let start = 0
  for (;;) {
    const end = text.indexOf(separator, start)
    const part = text.slice(start, end === -1 ? text.length : end)
    if (part.length > 0) {
      const pair = typed ? typedPair(part) : colonPair(part)
      if (pair === undefined) return undefined
      parts.push(pair)
    }
    if (end === -1) break
    start = end + separator.length
  }
  return parts.length > 0 ? parts : undefined
}

/** 'S:', 'I32:', 'Dbl:', 'F:' ... followed by a key and '='. */
function isTypedStart(text: string): boolean {
  const colon = text.indexOf(':')
  if (colon < 1 || colon > 4 || !isIdentifier(text, 0, colon)) return false
  const eq = text.indexOf('=', colon)
  const semi = text.indexOf(';')
  return eq > colon + 1 && (semi === -1 || eq < semi)
}

function typedPair(part: string): [string, string] | undefined {
  const colon = part.indexOf(':')
  const eq = part.indexOf('=')
  if (colon < 1 || eq <= colon + 1) return undefined
  return [part.slice(colon + 1, eq), part.slice(eq + 1)]
}

function colonPair(part: string): [string, string] | undefined {
  const colon = part.indexOf(':')
  if (colon < 1 || !isIdentifier(part, 0, colon)) return undefined
  return [part.slice(0, colon), part.slice(colon + 1)]
}

/** A letter, then letters, digits, '_' or '.'. */
function isIdentifier(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i)
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    if (i === start ? !letter : !(letter || (c >= 48 && c <= 57) || c === 95 || c === 46)) return false
  }
  return end > start
}
