// The reader on EVTX files written by the tests (evtx-writer.ts): templates and their reuse,
// substitutions, arrays, nested Binary XML, UserData, references, the XML text, dirty files.
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import test from 'node:test'
import { readEvtx } from '../../../../src/formats/windows/evtx/index.js'
import type { EvtxProblem, EvtxRecord } from '../../../../src/formats/windows/evtx/index.js'
import { ChunkWriter, eventElement, eventTemplate, evtxFile, fileHeader, systemElement, systemValues, v, type XNode, type XRecordBody } from './evtx-writer.js'

async function read(file: Buffer, pieceSize = 1000): Promise<{ records: EvtxRecord[]; problems: EvtxProblem[] }> {
  const records: EvtxRecord[] = []
  const problems: EvtxProblem[] = []
  // delivered in small pieces, as a stream may
  const pieces = function* (): Generator<Buffer> {
    for (let i = 0; i < file.length; i += pieceSize) yield file.subarray(i, i + pieceSize)
  }
  for await (const r of readEvtx(Readable.from(pieces()), (p) => problems.push(p))) records.push(r)
  return { records, problems }
}

const data = (name: string, sub: number, type: number): XNode => ({ el: 'Data', attrs: [['Name', [{ text: name }]]], children: [{ sub, type, optional: true }] })

const logon = (record: number, user: string): XRecordBody => ({
  key: 'logon',
  template: eventTemplate([data('TargetUserName', 9, 0x01), data('TargetLogonId', 10, 0x15), data('IpAddress', 11, 0x01)]),
  values: [...systemValues({ record }), v.str(user), v.hex64(0x3e7n), v.str('203.0.113.7')],
})

test('System fields typed, EventData pairs in order, the template read once and reused by later records', async () => {
  const { records, problems } = await read(evtxFile([[logon(1, 'jdoe'), logon(2, 'asmith'), logon(3, 'svc$')]]))
  assert.deepEqual(problems, [])
  assert.equal(records.length, 3)
  const e = records[1]!.event
  assert.equal(e.provider, 'Microsoft-Windows-Security-Auditing')
  assert.equal(e.eventId, 4624)
  assert.equal(e.qualifiers, undefined, 'a NULL optional substitution')
  assert.equal(e.level, 0)
  assert.equal(e.recordId, 2)
  assert.equal(e.channel, 'Security')
  assert.equal(e.computer, 'EXCH01')
  assert.equal(e.keywords, '0x8020000000000000')
  assert.equal(e.timeCreated, Date.UTC(2019, 3, 17, 18, 40, 0, 12))
  assert.deepEqual(e.data, [
    ['TargetUserName', 'asmith'],
    ['TargetLogonId', '0x3e7'],
    ['IpAddress', '203.0.113.7'],
  ])
  assert.deepEqual(
    records.map((r) => [r.ordinal, r.recordId, r.chunk]),
    [
      [1, 1, 0],
      [2, 2, 0],
      [3, 3, 0],
    ],
  )
  assert.ok(records[1]!.offset > records[0]!.offset)
  assert.equal(records[0]!.offset, 4096 + 512, 'the offset is the file offset of the record')
})

test("the XML text has python-evtx's layout", async () => {
  const { records } = await read(evtxFile([[logon(1, 'a<b&c')]]))
  assert.equal(
    records[0]!.event.xml,
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing"></Provider>\n' +
      '<EventID Qualifiers="">4624</EventID>\n<Level>0</Level>\n<TimeCreated SystemTime="2019-04-17T18:40:00.0123456Z"></TimeCreated>\n' +
      '<EventRecordID>1</EventRecordID>\n<Channel>Security</Channel>\n<Computer>EXCH01</Computer>\n<Keywords>0x8020000000000000</Keywords>\n</System>\n' +
      '<EventData><Data Name="TargetUserName">a&lt;b&amp;c</Data>\n<Data Name="TargetLogonId">0x3e7</Data>\n<Data Name="IpAddress">203.0.113.7</Data>\n</EventData>\n</Event>\n',
  )
})

test('a string array repeats its element: unnamed Data are named by position; Binary kept when not empty', async () => {
  const body: XRecordBody = {
    key: 'classic',
    template: eventTemplate([{ el: 'Data', children: [{ sub: 9, type: 0x81 }] }, { el: 'Binary', children: [{ sub: 10, type: 0x0e, optional: true }] }]),
    values: [...systemValues({ provider: 'MSExchange ADAccess' }), v.raw(0x81, Buffer.from('first\0\0third\0', 'utf16le')), v.raw(0x0e, [0xd9, 0x06])],
  }
  const { records } = await read(evtxFile([[body]]))
  assert.deepEqual(records[0]!.event.data, [
    ['Data1', 'first'],
    ['Data2', ''],
    ['Data3', 'third'],
    ['Binary', 'D906'],
  ])
  assert.match(records[0]!.event.xml, /<EventData><Data>first<\/Data>\n<Data><\/Data>\n<Data>third<\/Data>\n<Binary>D906<\/Binary>\n/)
})

test('EventData carried as a nested Binary XML value, with its own template instance', async () => {
  const inner: XRecordBody = {
    key: 'inner',
    template: { el: 'EventData', children: [data('Param', 0, 0x01), data('Count', 1, 0x08)] },
    values: [v.str('nested'), v.u32(42)],
  }
  const outer: XRecordBody = {
    key: 'outer',
    template: eventElement([{ sub: 9, type: 0x21 }]),
    values: [...systemValues(), { type: 0x21, nested: inner }],
  }
  const { records, problems } = await read(evtxFile([[outer, outer]]))
  assert.deepEqual(problems, [])
  assert.deepEqual(records[0]!.event.data, [
    ['Param', 'nested'],
    ['Count', '42'],
  ])
  assert.deepEqual(records[1]!.event.data, records[0]!.event.data)
})

test('UserData flattened; entity and character references, CDATA and PI', async () => {
  const body: XRecordBody = {
    key: 'userdata',
    template: {
      el: 'Event',
      children: [
        systemElement(),
        {
          el: 'UserData',
          children: [
            {
              el: 'LogFileCleared',
              attrs: [['xmlns', [{ text: 'http://manifests.microsoft.com/win/2004/08/windows/eventlog' }]]],
              children: [
                { el: 'SubjectUserName', children: [{ sub: 9, type: 0x01 }] },
                { el: 'Note', children: [{ text: 'a ' }, { entity: 'amp' }, { text: ' b ' }, { charref: 0x3c }, { entity: 'custom' }] },
                { el: 'Error', attrs: [['Code', [{ text: '15007' }]]] },
                { el: 'Script', children: [{ cdata: 'if (a < b) {}' }] },
                { el: 'Empty' },
              ],
            },
          ],
        },
        { el: 'Trailer', children: [{ pi: ['xml-stylesheet', 'href="x.xsl"'] }] },
      ],
    },
    values: [...systemValues({ id: 1102 }), v.str('admin')],
  }
  const { records, problems } = await read(evtxFile([[body]]))
  assert.deepEqual(problems, [])
  const e = records[0]!.event
  assert.equal(e.eventId, 1102)
  assert.deepEqual(e.data, [
    ['SubjectUserName', 'admin'],
    ['Note', 'a & b <&custom;'],
    ['Error.Code', '15007'],
    ['Script', 'if (a < b) {}'],
    ['Empty', ''],
  ])
  assert.match(e.xml, /<Note>a &amp; b &lt;&custom;<\/Note>/)
  assert.match(e.xml, /<Script><!\[CDATA\[if \(a < b\) \{\}\]\]><\/Script>/)
  assert.match(e.xml, /<Trailer><\?xml-stylesheet href="x.xsl"\?><\/Trailer>/)
})

test('a record without template whose start tags have no dependency identifier', async () => {
  const element: XNode = {
    el: 'Event',
    children: [
      { el: 'System', children: [{ el: 'Provider', attrs: [['Name', [{ text: 'Microsoft-Windows-TerminalServices-RemoteConnectionManager' }]]] }, { el: 'EventID', children: [{ text: '1149' }] }] },
      { el: 'UserData', children: [{ el: 'EventXML', children: [{ el: 'Param1', children: [{ text: 'admin' }] }] }] },
    ],
  }
  for (const noDependencyId of [false, true]) {
    const { records, problems } = await read(evtxFile([[{ element, noDependencyId }]]))
    assert.deepEqual(problems, [], `noDependencyId ${noDependencyId}`)
    assert.equal(records[0]!.event.eventId, 1149)
    assert.deepEqual(records[0]!.event.data, [['Param1', 'admin']])
  }
})

test('a dirty file: records in chunks the header does not count, and past a stale free space offset', async () => {
  const a = new ChunkWriter()
  a.record(1, logon(1, 'one'))
  const b = new ChunkWriter()
  b.record(2, logon(2, 'two'))
  const chunkB = b.finish()
  // the writer died after record 3 was written but before the chunk header was updated
  const free = chunkB.readUInt32LE(48)
  b.record(3, logon(3, 'three'))
  chunkB.writeUInt32LE(free, 48)
  const file = Buffer.concat([fileHeader(1, 2, 0x1), a.finish(), chunkB])
  const { records, problems } = await read(file)
  assert.deepEqual(
    records.map((r) => r.event.data[0]![1]),
    ['one', 'two', 'three'],
  )
  assert.deepEqual(
    problems.map((p) => p.code),
    ['file_header_stale'],
    'the records CRC covers the records up to the stale free space offset: it still matches',
  )
  assert.match(problems[0]!.message, /dirty flag.*records in 2 chunks, the header counts 1.*record 3 read, the header's next record identifier is 2/)
})

test('a header-only file, an empty file, a file that is not EVTX', async () => {
  assert.deepEqual((await read(fileHeader(0, 1))).records, [])
  assert.deepEqual((await read(fileHeader(0, 1))).problems, [])
  assert.deepEqual(
    (await read(Buffer.alloc(0))).problems.map((p) => p.code),
    ['truncated'],
  )
  const text = Buffer.from('#Fields: date time\n'.repeat(10000))
  const { records, problems } = await read(text)
  assert.deepEqual(records, [])
  assert.deepEqual(
    problems.map((p) => p.code),
    ['not_evtx', 'not_evtx'],
  )
})
