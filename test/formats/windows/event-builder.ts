// Windows events written as wevtutil writes them (one line, single-quoted attributes), for tests.
export interface TestEvent {
  provider?: string
  id: number
  /** [Name, value]; a Name of undefined writes an unnamed <Data> (classic and Windows 2003 events). */
  data: ReadonlyArray<readonly [string | undefined, string]>
  keywords?: string
  computer?: string
  /** SystemTime as written. */
  time?: string
  channel?: string
  record?: number
}

const escape = (text: string): string => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll("'", '&apos;')

export function eventXml(e: TestEvent): string {
  const provider = e.provider ?? 'Microsoft-Windows-Security-Auditing'
  const guid = provider === 'Microsoft-Windows-Security-Auditing' ? " Guid='{54849625-5478-4994-a5ba-3e3b0328c30d}'" : ''
  const data = e.data.map(([name, value]) => (name === undefined ? `<Data>${escape(value)}</Data>` : `<Data Name='${name}'>${escape(value)}</Data>`)).join('')
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${provider}'${guid}/>` +
    `<EventID>${e.id}</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode>` +
    `<Keywords>${e.keywords ?? '0x8020000000000000'}</Keywords><TimeCreated SystemTime='${e.time ?? '2010-11-18T00:00:31.5468750Z'}'/>` +
    `<EventRecordID>${e.record ?? 1}</EventRecordID><Correlation/><Execution ProcessID='500' ThreadID='1800'/>` +
    `<Channel>${e.channel ?? 'Security'}</Channel><Computer>${e.computer ?? 'EXCH01.acme.example'}</Computer><Security/></System>` +
    `<EventData>${data}</EventData></Event>`
  )
}
