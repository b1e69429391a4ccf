// Damaged EVTX files: truncated at many offsets, bytes flipped in chunk headers and in template
// definitions, zero-filled chunks, offsets that point outside the chunk or back into themselves,
// Binary XML nested without end, and random damage. The reader must report what it skips, keep
// every record it can read unchanged, and return (no timing is asserted).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import test from 'node:test'
import { readEvtx } from '../../../../src/formats/windows/evtx/index.js'
import type { EvtxProblem, EvtxRecord } from '../../../../src/formats/windows/evtx/index.js'
import { realdata } from '../../../helpers/realdata.js'
import { eventTemplate, evtxFile, systemValues, v, type XNode, type XRecordBody, type XValue } from './evtx-writer.js'

async function read(file: Buffer): Promise<{ records: EvtxRecord[]; problems: EvtxProblem[] }> {
  const records: EvtxRecord[] = []
  const problems: EvtxProblem[] = []
  async function* one(): AsyncGenerator<Buffer> {
    yield file
  }
  for await (const r of readEvtx(one(), (p) => problems.push(p))) records.push(r)
  return { records, problems }
}

const data = (name: string, sub: number, type: number): XNode => ({ el: 'Data', attrs: [['Name', [{ text: name }]]], children: [{ sub, type, optional: true }] })

function body(i: number): XRecordBody {
  switch (i % 3) {
    case 0:
      return {
        key: 'logon',
        template: eventTemplate([data('TargetUserName', 9, 0x01), data('TargetLogonId', 10, 0x15), data('IpAddress', 11, 0x01)]),
        values: [...systemValues({ record: i }), v.str(`user${i}`), v.hex64(BigInt(i)), v.str(`10.0.0.${i % 250}`)],
      }
    case 1:
      return {
        key: 'classic',
        template: eventTemplate([{ el: 'Data', children: [{ sub: 9, type: 0x81 }] }]),
        values: [...systemValues({ provider: 'MSExchangeIS', id: 9646, record: i }), v.raw(0x81, Buffer.from(`a${i}\0b\0\0c\0`, 'utf16le'))],
      }
    default:
      return {
        key: 'nested',
        template: eventTemplate([data('Wrapped', 9, 0x21)]),
        values: [...systemValues({ record: i }), { type: 0x21, nested: { key: 'inner', template: { el: 'Inner', children: [{ sub: 0, type: 0x01 }] }, values: [v.str(`in${i}`)] } }],
      }
  }
}

/** Three chunks of 60 records: templates defined in place in each chunk, then reused. */
function sample(): Buffer {
  let n = 0
  const chunk = (): XRecordBody[] => Array.from({ length: 60 }, () => body(++n))
  return evtxFile([chunk(), chunk(), chunk()])
}

const CHUNK0 = 4096
const CHUNK1 = 4096 + 65536

test('the sample reads whole, without problems', async () => {
  const { records, problems } = await read(sample())
  assert.deepEqual(problems, [])
  assert.equal(records.length, 180)
  assert.deepEqual(records[1]!.event.data, [['Wrapped', 'in2']])
})

test('truncated at many offsets: every complete record is read as before, the cut is reported', async () => {
  const file = sample()
  const full = await read(file)
  const byOffset = new Map(full.records.map((r) => [r.offset, r]))
  const cuts = [0, 1, 100, 127, 128, 4095, 4096, 4097, CHUNK0 + 511, CHUNK0 + 512, CHUNK0 + 700, CHUNK1 - 1, CHUNK1, CHUNK1 + 30000, file.length - 1]
  for (const cut of cuts) {
    const { records, problems } = await read(file.subarray(0, cut))
    const complete = full.records.filter((r) => r.offset + file.readUInt32LE(r.offset + 4) <= cut)
    assert.equal(records.length, complete.length, `cut at ${cut}`)
    for (const r of records) assert.deepEqual(r.event, byOffset.get(r.offset)!.event, `cut at ${cut}: record at ${r.offset}`)
    assert.ok(problems.some((p) => p.code === 'truncated'), `cut at ${cut}: ${JSON.stringify(problems.map((p) => p.code))}`)
  }
})

test('flipped bytes in a chunk header: CRC reported with the chunk, records read anyway; a broken signature skips the chunk', async () => {
  const file = sample()
  const full = await read(file)
  // (bytes 120..123, the chunk flags, are outside both CRCs)
  for (const at of [8, 16, 40, 44, 52, 56, 100, 124, 130, 300, 500]) {
    const damaged = Buffer.from(file)
    damaged[CHUNK1 + at]! ^= 0x5a
    const { records, problems } = await read(damaged)
    assert.ok(
      problems.some((p) => (p.code === 'chunk_header_crc' || p.code === 'chunk_records_crc') && p.chunk === 1 && p.offset === CHUNK1),
      `byte ${at}: ${JSON.stringify(problems)}`,
    )
    assert.equal(records.length, 180, `byte ${at}`)
  }
  const free = Buffer.from(file)
  free.writeUInt32LE(0x7fffffff, CHUNK1 + 48)
  const f = await read(free)
  assert.ok(f.problems.some((p) => p.code === 'chunk_header' && p.chunk === 1))
  assert.equal(f.records.length, 180, 'records read up to the first gap')
  const signature = Buffer.from(file)
  signature[CHUNK1 + 2] = 0x21
  const s = await read(signature)
  assert.deepEqual(
    s.problems.map((p) => [p.code, p.chunk, p.offset, p.skipped]),
    [['chunk_signature', 1, CHUNK1, 'chunk']],
  )
  assert.deepEqual(
    s.records.map((r) => r.event.xml),
    full.records.filter((r) => r.chunk !== 1).map((r) => r.event.xml),
  )
})

test('a zero-filled chunk is reported and skipped; the chunks after it are read', async () => {
  const file = sample()
  file.fill(0, CHUNK1, CHUNK1 + 65536)
  const { records, problems } = await read(file)
  assert.deepEqual(
    problems.map((p) => [p.code, p.chunk, p.skipped]),
    [['chunk_zeroed', 1, 'chunk']],
  )
  assert.deepEqual(
    [...new Set(records.map((r) => r.chunk))],
    [0, 2],
  )
})

/** File offsets of the template definitions written in place in chunk `c` (after 0x0c 0x01 id offset). */
function templateDefinitions(file: Buffer, c: number): number[] {
  const base = 4096 + c * 65536
  const out: number[] = []
  for (let i = base + 512; i < base + 65536 - 10; i++) {
    if (file[i] === 0x0c && file[i + 1] === 0x01 && file.readUInt32LE(i + 6) === i - base + 10) out.push(i + 10)
  }
  return out
}

test('flipped bytes in template definitions: the records that use them are reported, the other chunks are untouched', async () => {
  const file = sample()
  const full = await read(file)
  const defs = templateDefinitions(file, 1)
  assert.ok(defs.length >= 3, 'logon, classic, nested and inner templates in place in chunk 1')
  let seed = 7
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  for (const def of defs) {
    for (let k = 0; k < 12; k++) {
      const damaged = Buffer.from(file)
      const size = damaged.readUInt32LE(def + 20)
      const at = def + 24 + random(size)
      damaged[at]! ^= 1 << random(8)
      const { records, problems } = await read(damaged)
      const other = (r: EvtxRecord): boolean => r.chunk !== 1
      assert.deepEqual(
        records.filter(other).map((r) => r.event.xml),
        full.records.filter(other).map((r) => r.event.xml),
        `byte ${at - CHUNK1} of chunk 1`,
      )
      // a flipped byte may leave text readable (a name or a letter changed), else the records that use the template are reported
      for (const p of problems) assert.equal(p.chunk, 1)
      assert.ok(problems.some((p) => p.code === 'chunk_records_crc'))
    }
  }
})

test('string and template offsets that point outside the chunk or back into the record itself', async () => {
  const file = sample()
  // the fourth record of chunk 1 reuses the logon template by offset
  const full = await read(file)
  const reuse = full.records.filter((r) => r.chunk === 1)[3]!
  const instance = reuse.offset + 24 + 4 // after the fragment header
  assert.equal(file[instance], 0x0c)
  for (const [what, value] of [
    ['past the chunk', 0xfffffff0],
    ['into the chunk header', 40],
    ['into itself', instance - CHUNK1],
    ['at its own offset field', instance - CHUNK1 + 6],
  ] as const) {
    const damaged = Buffer.from(file)
    damaged.writeUInt32LE(value, instance + 6)
    const { records, problems } = await read(damaged)
    const binxml = problems.filter((p) => p.code === 'record_binxml')
    assert.deepEqual(
      binxml.map((p) => [p.offset, p.recordId, p.skipped]),
      [[reuse.offset, reuse.recordId, 'record']],
      what,
    )
    assert.equal(records.length, 179, what)
  }
  // an element name offset beyond the chunk, inside the first (defining) record of chunk 2
  const first = full.records.filter((r) => r.chunk === 2)[0]!
  const damaged = Buffer.from(file)
  const element = first.offset + 24 + 4 + 10 + 24 + 4 // instance, definition header, fragment header
  assert.equal(damaged[element]! & 0xbf, 0x01)
  damaged.writeUInt32LE(0x00ffffff, element + 7)
  const { problems } = await read(damaged)
  assert.ok(problems.some((p) => p.code === 'record_binxml' && p.offset === first.offset && /start tag/.test(p.message)), JSON.stringify(problems))
})

test('a template whose definition instantiates itself, and Binary XML nested without end, are reported', async () => {
  // Binary XML values nested 40 deep
  let value: XValue = v.str('bottom')
  for (let i = 0; i < 40; i++) value = { type: 0x21, nested: { key: `n${i}`, template: { el: `L${i}`, children: [{ sub: 0, type: i === 0 ? 0x01 : 0x21 }] }, values: [value] } }
  const deep = await read(evtxFile([[{ key: 'deep', template: eventTemplate([data('x', 9, 0x21)]), values: [...systemValues(), value] }, body(1)]]))
  assert.equal(deep.records.length, 1)
  assert.deepEqual(
    deep.problems.map((p) => p.code),
    ['record_binxml'],
  )
  assert.match(deep.problems[0]!.message, /nested deeper than 16/)

  // a template definition whose body is an instance of itself
  const file = evtxFile([[body(3), body(3)]])
  const defs = templateDefinitions(file, 0)
  const def = defs[0]!
  const bodyAt = def + 24
  // replace the definition's body with: fragment header, template instance -> this definition, EOF
  file.fill(0, bodyAt, bodyAt + 20)
  Buffer.from([0x0f, 0x01, 0x01, 0x00, 0x0c, 0x01, 0, 0, 0, 0]).copy(file, bodyAt)
  file.writeUInt32LE(def - CHUNK0, bodyAt + 10)
  file.writeUInt32LE(0, bodyAt + 14)
  const self = await read(file)
  assert.equal(self.records.length, 0)
  assert.deepEqual(
    self.problems.filter((p) => p.code === 'record_binxml').length,
    2,
  )
  assert.ok(self.problems.some((p) => /refers to itself/.test(p.message)), JSON.stringify(self.problems))
})

test('random damage: flipped bytes and cut files never throw and always end', async () => {
  const file = sample()
  let seed = 12345
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  let records = 0
  let problems = 0
  for (let round = 0; round < 150; round++) {
    const damaged = Buffer.from(file.subarray(0, round % 5 === 0 ? 4096 + random(file.length - 4096) : file.length))
    const flips = 1 + random(40)
    for (let k = 0; k < flips; k++) damaged[4096 + random(damaged.length - 4096)] = random(256)
    const r = await read(damaged)
    records += r.records.length
    problems += r.problems.length
    for (const p of r.problems) assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= damaged.length, JSON.stringify(p))
  }
  assert.ok(records > 0 && problems > 0)
})

test('random damage to a real Security log: never throws, always ends, untouched chunks read as before', async (t) => {
  const file = realdata(t, 'evtx-rs', 'evtx', 'security.evtx')
  if (file === undefined) return
  const original = fs.readFileSync(file)
  const full = await read(original)
  let seed = 99
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  for (let round = 0; round < 20; round++) {
    const damaged = Buffer.from(original)
    const chunk = random(Math.floor((damaged.length - 4096) / 65536))
    for (let k = 0; k < 1 + random(30); k++) damaged[4096 + chunk * 65536 + random(65536)] = random(256)
    const { records } = await read(damaged)
    const other = (r: EvtxRecord): boolean => r.chunk !== chunk
    assert.deepEqual(
      records.filter(other).map((r) => r.event.xml),
      full.records.filter(other).map((r) => r.event.xml),
      `round ${round}, chunk ${chunk}`,
    )
  }
})
