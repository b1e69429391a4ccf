// Windows events written as JSON by evtx_dump (omerbenamram/evtx): Sigma's regression data uses
// `#attributes` objects, Chainsaw's outputs (--separate-json-attributes) `Name_attributes` siblings.
// Read here into WindowsEvent values without our XML reader, as a second, independent source.
import type { WindowsEvent } from '../../../src/formats/windows/windows-event.js'
import { jsonValues } from '../../helpers/json-values.js'

type Json = Record<string, any>

function attributes(parent: Json, key: string): Json {
  const value = parent[key]
  return (value !== null && typeof value === 'object' && value['#attributes']) || parent[`${key}_attributes`] || {}
}

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') return text((value as Json)['#text'])
  return String(value)
}

/** SystemTime (2022-10-11T19:26:52.154080Z) to milliseconds, fraction cut to three digits. */
export function isoMs(systemTime: string): number {
  const m = /^(.*?\.\d{1,3})\d*(Z?)$/.exec(systemTime)
  return Date.parse(m === null ? systemTime : `${m[1]}Z`)
}

function flattenUserData(name: string, value: unknown, out: Array<readonly [string, string]>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [attr, v] of Object.entries((value as Json)['#attributes'] ?? {})) {
      if (attr !== 'xmlns') out.push([`${name}.${attr}`, text(v)])
    }
    for (const [k, v] of Object.entries(value as Json)) if (k !== '#attributes' && k !== '#text') flattenUserData(k, v, out)
    return
  }
  out.push([name, text(value)])
}

/** One `{"Event": {...}}` document as a WindowsEvent. */
export function jsonToWindowsEvent(doc: Json): WindowsEvent {
  const event = doc['Event'] as Json
  const system = event['System'] as Json
  const eventIdValue = system['EventID']
  const event_: WindowsEvent = {
    provider: String(attributes(system, 'Provider')['Name']),
    eventId: Number(text(eventIdValue)),
    data: [],
    xml: JSON.stringify(doc),
  }
  const time = attributes(system, 'TimeCreated')['SystemTime']
  if (typeof time === 'string') event_.timeCreated = isoMs(time)
  if (system['EventRecordID'] !== undefined) event_.recordId = Number(system['EventRecordID'])
  if (system['Channel'] !== undefined) event_.channel = String(system['Channel'])
  if (system['Computer'] !== undefined) event_.computer = String(system['Computer'])
  if (system['Level'] !== undefined) event_.level = Number(system['Level'])
  if (system['Keywords'] !== undefined) event_.keywords = String(system['Keywords'])
  const eventData = event['EventData']
  if (eventData !== null && typeof eventData === 'object') {
    for (const [name, value] of Object.entries(eventData as Json)) {
      if (name !== '#attributes') event_.data.push([name, text(value)])
    }
  }
  const userData = event['UserData']
  if (userData !== null && typeof userData === 'object') {
    for (const [name, top] of Object.entries(userData as Json)) flattenUserData(name, top, event_.data)
  }
  return event_
}

/** Every JSON document of a file that holds one or several (concatenated, as some regression files do). */
export function jsonDocuments(content: string): Json[] {
  return jsonValues(content).map((text) => JSON.parse(text) as Json)
}
