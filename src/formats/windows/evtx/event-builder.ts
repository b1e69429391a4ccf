// Builds a WindowsEvent from the rendered record as the renderer walks it (no DOM):
// - System: the typed fields (Provider/@Name, EventID and its @Qualifiers, TimeCreated/@SystemTime ...).
// - EventData: <Data Name="x">v</Data> as [x, v] in order; a Data without Name is named by its
//   1-based position among the Data elements (Data1, Data2, ...); other children (the classic
//   events' <Binary>) by their element name.
// - UserData (and ProcessingErrorData): flattened; every element without child elements gives
//   [element name, text], every attribute (xmlns excepted) gives [element name + '.' + attribute
//   name, value], in document order. The wrapper element (UserData/LogFileCleared) counts only
//   through what it holds.
import type { WindowsEvent } from '../windows-event.js'
import { isoToMs } from './windows-time.js'
import type { XmlSink } from './xml-sink.js'

type Section = 'none' | 'system' | 'eventdata' | 'flat'

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function int(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined
  const n = Number(s)
  return Number.isInteger(n) ? n : undefined
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s
}

interface Frame {
  name: string
  text: string
  hasChild: boolean
  /** EventData/Data's Name attribute. */
  key: string | undefined
}

export class EventBuilder implements XmlSink {
  #depth = 0
  #section: Section = 'none'
  readonly #stack: Frame[] = []
  #dataPosition = 0
  #data: Array<readonly [string, string]> = []
  /** System values by element name, and attributes as `Element@Attribute`. */
  #system = new Map<string, string>()

  open(name: string): void {
    const parent = this.#stack[this.#depth - 1]
    if (parent !== undefined) parent.hasChild = true
    this.#depth++
    if (this.#depth === 2) {
      this.#section = name === 'System' ? 'system' : name === 'EventData' ? 'eventdata' : name === 'UserData' || name === 'ProcessingErrorData' ? 'flat' : 'none'
    }
    const frame = this.#stack[this.#depth - 1]
    if (frame === undefined) this.#stack.push({ name, text: '', hasChild: false, key: undefined })
    else {
      frame.name = name
      frame.text = ''
      frame.hasChild = false
      frame.key = undefined
    }
  }

  attr(name: string, value: string): void {
    if (this.#depth < 3) return
    const frame = this.#stack[this.#depth - 1]!
    switch (this.#section) {
      case 'system':
        if (this.#depth === 3) this.#system.set(`${frame.name}@${name}`, value)
        break
      case 'eventdata':
        if (this.#depth === 3 && name === 'Name') frame.key = value
        break
      case 'flat':
        if (name !== 'xmlns' && !name.startsWith('xmlns:')) this.#data.push([`${frame.name}.${name}`, value])
        break
      case 'none':
        break
    }
  }

  openEnd(): void {}

  text(value: string): void {
    if (this.#depth < 3 || this.#section === 'none') return
    // EventData/Data keeps all its text, even inside nested elements
    const frame = this.#stack[this.#section === 'eventdata' ? 2 : this.#depth - 1]!
    frame.text += value
  }

  entity(name: string): void {
    this.text(ENTITIES[name] ?? `&${name};`)
  }

  cdata(value: string): void {
    this.text(value)
  }

  pi(): void {}

  close(name: string): void {
    const frame = this.#stack[this.#depth - 1]
    if (frame !== undefined && this.#depth >= 3) {
      switch (this.#section) {
        case 'system':
          if (this.#depth === 3) this.#system.set(name, frame.text)
          break
        case 'eventdata':
          if (this.#depth === 3) {
            if (name === 'Data') this.#dataPosition++
            this.#data.push([frame.key ?? (name === 'Data' ? `Data${this.#dataPosition}` : name), frame.text])
          }
          break
        case 'flat':
          if (!frame.hasChild && this.#depth >= 3) this.#data.push([name, frame.text])
          break
        case 'none':
          break
      }
    }
    this.#depth--
    if (this.#depth < 2) this.#section = 'none'
  }

  /** The event read so far; the builder starts empty again. */
  take(xml: string, headerRecordId: number): WindowsEvent {
    const s = this.#system
    const timeCreated = nonEmpty(s.get('TimeCreated@SystemTime'))
    const event: WindowsEvent = {
      provider: s.get('Provider@Name') ?? s.get('Provider@EventSourceName') ?? '',
      providerGuid: nonEmpty(s.get('Provider@Guid')),
      eventId: int(s.get('EventID')) ?? 0,
      qualifiers: int(s.get('EventID@Qualifiers')),
      version: int(s.get('Version')),
      level: int(s.get('Level')),
      task: int(s.get('Task')),
      opcode: int(s.get('Opcode')),
      keywords: nonEmpty(s.get('Keywords')),
      timeCreated: timeCreated === undefined ? undefined : isoToMs(timeCreated),
      recordId: int(s.get('EventRecordID')) ?? headerRecordId,
      activityId: nonEmpty(s.get('Correlation@ActivityID')),
      processId: int(s.get('Execution@ProcessID')),
      threadId: int(s.get('Execution@ThreadID')),
      channel: nonEmpty(s.get('Channel')),
      computer: nonEmpty(s.get('Computer')),
      userSid: nonEmpty(s.get('Security@UserID')),
      data: this.#data,
      xml,
    }
    if (event.timeCreated !== undefined && Number.isNaN(event.timeCreated)) event.timeCreated = undefined
    this.#data = []
    this.#system = new Map()
    this.#dataPosition = 0
    this.#depth = 0
    this.#section = 'none'
    return event
  }
}
