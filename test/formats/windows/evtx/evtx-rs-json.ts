// The EventData of an event as omerbenamram/evtx (evtx-rs) writes it in JSON (its snapshots, and
// Sigma's regression_data/*.json), as [name, value] pairs in exhunt's naming: named Data by name,
// unnamed Data ({"Data": {"#text": [...]}}) as Data1, Data2, ..., a non-empty Binary as Binary.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

function text(v: Json): string {
  if (v === null) return ''
  if (typeof v === 'object' && !Array.isArray(v)) return text(v['#text'] ?? null)
  return String(v)
}

export function evtxRsEventData(eventData: Json): Array<readonly [string, string]> | undefined {
  if (eventData === null || typeof eventData !== 'object' || Array.isArray(eventData)) return undefined
  const pairs: Array<readonly [string, string]> = []
  for (const [key, value] of Object.entries(eventData)) {
    if (key === '#attributes') continue
    if (key === 'Data' && value !== null && typeof value === 'object' && !Array.isArray(value) && '#text' in value) {
      const items = value['#text']
      for (const item of Array.isArray(items) ? items : [items ?? null]) pairs.push([`Data${pairs.length + 1}`, text(item)])
    } else if (key === 'Binary') {
      if (text(value) !== '') pairs.push(['Binary', text(value)])
    } else {
      pairs.push([key, text(value)])
    }
  }
  return pairs
}

/** Where evtx-rs writes a value differently from Windows (and exhunt), and why. */
export function evtxRsEquivalent(theirs: string, ours: string): boolean {
  if (theirs === ours) return true
  // the evtx-rs that wrote Sigma's regression JSON cut trailing white space; Windows keeps it
  if (ours.trimEnd() === theirs && ours !== theirs) return true
  // evtx-rs writes GUIDs without braces
  if (/^[0-9A-F-]{36}$/i.test(theirs) && ours.toUpperCase() === `{${theirs.toUpperCase()}}`) return true
  // evtx-rs writes FILETIMEs to the microsecond (cut, not rounded); Windows and exhunt to 100 ns
  if (/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(theirs) && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/.test(ours)) return theirs.slice(0, 26) === ours.slice(0, 26)
  return false
}
