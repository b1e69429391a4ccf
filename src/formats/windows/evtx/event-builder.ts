// Builds a WindowsEvent from the rendered record while the renderer walks it (no DOM), by the same
// rules as the XML readers (../event-xml.ts), so an event gives the same pairs from an EVTX file and
// from a wevtutil export:
// - System: the typed fields (Provider/@Name, EventID and its @Qualifiers, TimeCreated/@SystemTime ...);
//   fields that are absent or empty are left out.
// - EventData: <Data Name="x">v</Data> as [x, v] in order; a Data without Name is named by its
//   1-based position among the Data elements (Data1, Data2, ...); a non-empty <Binary> as
//   ['Binary', hex]; any other child is flattened as below.
// - UserData: its one child (LogFileCleared, ...) is flattened: every attribute (namespace
//   declarations excepted) as [element.attribute, value], every element without child elements as
//   [element, text] (unless it has attributes and no text). ProcessingErrorData's children are
//   flattened the same way.
// Data text is all the text inside the Data element (a value rendered from nested Binary XML
// included).
import type { WindowsEvent } from '../windows-event.js'
import { isoToMs } from './windows-time.js'
import type { XmlSink } from './xml-sink.js'

type Section = 'none' | 'system' | 'eventdata' | 'userdata' | 'errordata'

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function int(s: string | undefined): number | undefined {
  return s !== undefined && /^-?\d{1,15}$/.test(s) ? Number(s) : undefined
}

/** Names without their namespace prefix (auto-ns2:Foo is Foo), as the XML readers take them. */
function localName(name: string): string {
  const colon = name.indexOf(':')
  return colon < 0 ? name : name.slice(colon + 1)
}

function isNamespace(attr: string): boolean {
  return attr === 'xmlns' || attr.startsWith('xmlns:')
}

interface Frame {
  name: string
  text: string
  hasChild: boolean
  /** Flattened: attributes and leaf text become pairs. */
  flat: boolean
  /** Attributes other than xmlns seen on this element. */
  attrs: number
  /** EventData/Data's Name attribute. */
  key: string | undefined
}

export class EventBuilder implements XmlSink {
  #depth = 0
  #section: Section = 'none'
  readonly #stack: Frame[] = []
  #dataPosition = 0
  #data: Array<readonly [string, string]> = []
  /** System values as written, by element (and attribute). */
  #sys: SystemText = {}

  open(qualified: string): void {
    const name = localName(qualified)
    const parent = this.#stack[this.#depth - 1]
    if (parent !== undefined) parent.hasChild = true
    const depth = ++this.#depth
    if (depth === 2) {
      this.#section =
        name === 'System' ? 'system' : name === 'EventData' ? 'eventdata' : name === 'UserData' ? 'userdata' : name === 'ProcessingErrorData' ? 'errordata' : 'none'
    }
    const flat =
      (this.#section === 'eventdata' && depth >= 3 && (depth > 3 ? parent!.flat : name !== 'Data' && name !== 'Binary')) ||
      ((this.#section === 'userdata' || this.#section === 'errordata') && depth >= 3)
    const frame = this.#stack[depth - 1]
    if (frame === undefined) this.#stack.push({ name, text: '', hasChild: false, flat, attrs: 0, key: undefined })
    else {
      frame.name = name
      frame.text = ''
      frame.hasChild = false
      frame.flat = flat
      frame.attrs = 0
      frame.key = undefined
    }
  }

  attr(qualified: string, value: string): void {
    const name = isNamespace(qualified) ? qualified : localName(qualified)
    const depth = this.#depth
    if (depth < 3) return
    const frame = this.#stack[depth - 1]!
    if (frame.flat) {
      if (!isNamespace(name)) {
        frame.attrs++
        this.#data.push([`${frame.name}.${name}`, value])
      }
    } else if (this.#section === 'system') {
      if (depth === 3) systemAttribute(this.#sys, frame.name, name, value)
    } else if (this.#section === 'eventdata' && depth === 3 && name === 'Name') {
      frame.key = value
    }
  }

  openEnd(): void {}

  text(value: string): void {
    const depth = this.#depth
    if (depth < 3 || this.#section === 'none') return
    const top = this.#stack[depth - 1]!
    // EventData/Data and Binary keep all the text inside them
    const frame = this.#section === 'eventdata' && !top.flat ? this.#stack[2]! : top
    frame.text += value
  }

  entity(name: string): void {
    this.text(ENTITIES[name] ?? `&${name};`)
  }

  cdata(value: string): void {
    this.text(value)
  }

  pi(): void {}

  close(): void {
    const depth = this.#depth
    const frame = this.#stack[depth - 1]
    const name = frame?.name ?? ''
    if (frame !== undefined && depth >= 3) {
      if (frame.flat) {
        if (!frame.hasChild && (frame.attrs === 0 || frame.text !== '')) this.#data.push([name, frame.text])
      } else if (this.#section === 'system') {
        if (depth === 3) systemText(this.#sys, name, frame.text)
      } else if (this.#section === 'eventdata' && depth === 3) {
        if (name === 'Data') {
          this.#dataPosition++
          this.#data.push([frame.key ?? `Data${this.#dataPosition}`, frame.text])
        } else if (name === 'Binary' && frame.text.trim() !== '') {
          this.#data.push(['Binary', frame.text.trim()])
        }
      }
    }
    this.#depth--
    if (this.#depth < 2) this.#section = 'none'
  }

  /** The event read so far; the builder starts empty again. */
  take(xml: string, headerRecordId: number): WindowsEvent {
    const t = this.#sys
    const event: WindowsEvent = { provider: t.provider || t.sourceName || '', eventId: int(t.eventId) ?? 0, data: this.#data, xml }
    if (t.providerGuid) event.providerGuid = t.providerGuid
    const qualifiers = int(t.qualifiers)
    if (qualifiers !== undefined) event.qualifiers = qualifiers
    const version = int(t.version)
    if (version !== undefined) event.version = version
    const level = int(t.level)
    if (level !== undefined) event.level = level
    const task = int(t.task)
    if (task !== undefined) event.task = task
    const opcode = int(t.opcode)
    if (opcode !== undefined) event.opcode = opcode
    if (t.keywords) event.keywords = t.keywords
    const time = t.systemTime ? isoToMs(t.systemTime) : NaN
    if (!Number.isNaN(time)) event.timeCreated = time
    event.recordId = int(t.recordId) ?? headerRecordId
    if (t.activityId) event.activityId = t.activityId
    const processId = int(t.processId)
    if (processId !== undefined) event.processId = processId
    const threadId = int(t.threadId)
    if (threadId !== undefined) event.threadId = threadId
    if (t.channel) event.channel = t.channel
    if (t.computer) event.computer = t.computer
    if (t.userSid) event.userSid = t.userSid
    this.#data = []
    this.#sys = {}
    this.#dataPosition = 0
    this.#depth = 0
    this.#section = 'none'
    return event
  }
}

/** The System values of one event as text. */
interface SystemText {
  provider?: string
  sourceName?: string
  providerGuid?: string
  eventId?: string
  qualifiers?: string
  version?: string
  level?: string
  task?: string
  opcode?: string
  keywords?: string
  systemTime?: string
  recordId?: string
  activityId?: string
  processId?: string
  threadId?: string
  channel?: string
  computer?: string
  userSid?: string
}

function systemAttribute(t: SystemText, element: string, attr: string, value: string): void {
  switch (element) {
    case 'Provider':
      if (attr === 'Name') t.provider = value
      else if (attr === 'Guid') t.providerGuid = value
      else if (attr === 'EventSourceName') t.sourceName = value
      return
    case 'EventID':
      if (attr === 'Qualifiers') t.qualifiers = value
      return
    case 'TimeCreated':
      if (attr === 'SystemTime') t.systemTime = value
      return
    case 'Correlation':
      if (attr === 'ActivityID') t.activityId = value
      return
    case 'Execution':
      if (attr === 'ProcessID') t.processId = value
      else if (attr === 'ThreadID') t.threadId = value
      return
    case 'Security':
      if (attr === 'UserID') t.userSid = value
      return
  }
}

function systemText(t: SystemText, element: string, text: string): void {
  switch (element) {
    case 'EventID':
      t.eventId = text
      return
    case 'Version':
      t.version = text
      return
    case 'Level':
      t.level = text
      return
    case 'Task':
      t.task = text
      return
    case 'Opcode':
      t.opcode = text
      return
    case 'Keywords':
      t.keywords = text
      return
    case 'EventRecordID':
      t.recordId = text
      return
    case 'Channel':
      t.channel = text
      return
    case 'Computer':
      t.computer = text
      return
  }
}
