// One <Event> element as wevtutil (`qe /f:xml`, `/f:RenderedXml`), Event Viewer ("Copy details as
// XML", "Save as XML") or an evtx dump writes it, read into a WindowsEvent.
//
// EventData/Data are taken by Name, unnamed ones by position (Data1, Data2, ...: classic events such
// as MSExchange ones and Windows 2003's Security log); a non-empty <Binary> becomes `Binary`.
// UserData's one child (LogFileCleared, ...) is flattened: every element without children below it
// gives (element name, text), every attribute (element.attribute, value), namespace declarations
// excepted; repeated names are all kept, in order.
// Pretty-printers put a newline and indentation inside empty elements (<Data>\n  </Data>): text that
// is only whitespace and holds a line break is read as empty; all other text is kept as written
// (Windows keeps trailing spaces: `Advapi  `). RenderingInfo (RenderedXml) stays in `xml` only.
//
// The reader is hand-written (xml-element.ts): the shape is small and fixed, an npm parser would add
// a dependency and a DOM for it, and we want an error value with a reason rather than a throw.
import type { WindowsEvent } from './windows-event.js'
import { child, parseXmlElement, type XmlElement } from './xml-element.js'

export type EventXmlResult = { ok: true; event: WindowsEvent } | { ok: false; error: string }

/** Text of an element, with pretty-printing whitespace read as empty. */
function valueOf(element: XmlElement): string {
  const text = element.text
  return text.trim() === '' && /[\r\n]/.test(text) ? '' : text
}

function integerOf(text: string | undefined): number | undefined {
  const t = text?.trim()
  if (t === undefined || !/^-?\d{1,15}$/.test(t)) return undefined
  return Number(t)
}

const SYSTEM_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/i

/**
 * System/TimeCreated/@SystemTime to UTC milliseconds: 2015-09-08T22:54:54.962511700Z (wevtutil),
 * 2022-10-11T19:26:52.154080Z (evtx dumps), 2022-10-11 19:26:52.045656 (python-evtx, UTC without Z).
 */
export function systemTimeToMs(text: string | undefined): number | undefined {
  const m = text === undefined ? null : SYSTEM_TIME.exec(text.trim())
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  let instant = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const zone = m[8]
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '')
    const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))
    instant -= (digits.startsWith('-') ? -minutes : minutes) * 60_000
  }
  return instant
}

function eventDataPairs(eventData: XmlElement): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = []
  let position = 0
  for (const element of eventData.children) {
    if (element.name === 'Data') {
      position++
      pairs.push([element.attributes['Name'] ?? `Data${position}`, valueOf(element)])
    } else if (element.name === 'Binary') {
      const value = valueOf(element).trim()
      if (value !== '') pairs.push(['Binary', value])
    } else {
      flatten(element, pairs)
    }
  }
  return pairs
}

const isNamespace = (attribute: string): boolean => attribute === 'xmlns' || attribute.startsWith('xmlns:')

function flatten(element: XmlElement, pairs: Array<readonly [string, string]>): void {
  const attributes = Object.entries(element.attributes).filter(([name]) => !isNamespace(name))
  for (const [name, value] of attributes) pairs.push([`${element.name}.${name}`, value])
  if (element.children.length > 0) {
    for (const c of element.children) flatten(c, pairs)
  } else if (attributes.length === 0 || valueOf(element) !== '') {
    pairs.push([element.name, valueOf(element)])
  }
}

function userDataPairs(userData: XmlElement): Array<readonly [string, string]> {
  const pairs: Array<readonly [string, string]> = []
  for (const top of userData.children) flatten(top, pairs)
  return pairs
}

/** Reads one <Event> element's text; an error value (with the reason) for anything else. */
export function parseEventXml(text: string): EventXmlResult {
  const parsed = parseXmlElement(text)
  if (!parsed.ok) return parsed
  const root = parsed.root
  if (root.name !== 'Event') return { ok: false, error: `<${root.name}> is not an <Event>` }
  const system = child(root, 'System')
  if (system === undefined) return { ok: false, error: '<Event> has no <System>' }
  const provider = child(system, 'Provider')
  const eventIdElement = child(system, 'EventID')
  const eventId = integerOf(eventIdElement?.text)
  if (eventId === undefined) return { ok: false, error: '<System> has no numeric <EventID>' }

  const event: WindowsEvent = {
    provider: provider?.attributes['Name'] ?? provider?.attributes['EventSourceName'] ?? '',
    eventId,
    data: [],
    xml: text.trim(),
  }
  const set = <K extends keyof WindowsEvent>(key: K, value: WindowsEvent[K] | undefined): void => {
    if (value !== undefined) event[key] = value
  }
  const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value)
  const textOf = (name: string): string | undefined => {
    const e = child(system, name)
    return e === undefined ? undefined : nonEmpty(valueOf(e).trim())
  }
  set('providerGuid', nonEmpty(provider?.attributes['Guid']))
  set('qualifiers', integerOf(eventIdElement?.attributes['Qualifiers']))
  set('version', integerOf(textOf('Version')))
  set('level', integerOf(textOf('Level')))
  set('task', integerOf(textOf('Task')))
  set('opcode', integerOf(textOf('Opcode')))
  set('keywords', textOf('Keywords'))
  set('timeCreated', systemTimeToMs(child(system, 'TimeCreated')?.attributes['SystemTime']))
  set('recordId', integerOf(textOf('EventRecordID')))
  set('activityId', nonEmpty(child(system, 'Correlation')?.attributes['ActivityID']))
  const execution = child(system, 'Execution')
  set('processId', integerOf(execution?.attributes['ProcessID']))
  set('threadId', integerOf(execution?.attributes['ThreadID']))
  set('channel', textOf('Channel'))
  set('computer', textOf('Computer'))
  set('userSid', nonEmpty(child(system, 'Security')?.attributes['UserID']))

  const eventData = child(root, 'EventData')
  const userData = child(root, 'UserData')
  if (eventData !== undefined) event.data.push(...eventDataPairs(eventData))
  if (userData !== undefined) event.data.push(...userDataPairs(userData))
  return { ok: true, event }
}
