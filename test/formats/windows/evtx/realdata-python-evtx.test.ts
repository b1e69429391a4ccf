// Every record of every real EVTX file (../shared/realdata, about 200 files, 36 MB), read by exhunt
// and by python-evtx (Debian's python3-evtx), compared record by record, matched by file offset:
// the System fields, the EventData/UserData pairs (python-evtx's XML read by exhunt's own XML event
// reader, event-xml.ts) and the sequence of element names. python-evtx takes about a minute for all
// files on two processes, so every record is compared; nothing is sampled.
//
// A value that differs passes only through a listed equivalence (python-equivalence.ts: python-evtx's
// own renderings of times, hex, GUIDs, binary, booleans...). A record python-evtx cannot read, or
// that exhunt reads and python-evtx does not (it stops a chunk at a damaged record, ignores records
// past the free space offset and the last, partial chunk of a truncated file), must be listed below
// per file with the reason.
import assert from 'node:assert/strict'
import path from 'node:path'
import test from 'node:test'
import { parseEventXml } from '../../../../src/formats/windows/event-xml.js'
import type { WindowsEvent } from '../../../../src/formats/windows/windows-event.js'
import { realdata } from '../../../helpers/realdata.js'
import { evtxFiles, readEvtxFile } from './evtx-files.js'
import { equivalence } from './python-equivalence.js'
import { pythonStringArray } from './python-string-array.js'
import { pool, pythonEvtxRecords, requireTool } from './reference-tools.js'

interface KnownDifference {
  /** Records python-evtx fails on and exhunt reads, and what python-evtx's error says. */
  readonly pythonFails?: { readonly count: number; readonly error: RegExp }
  /** Records exhunt reads that python-evtx does not reach. */
  readonly exhuntOnly?: number
  readonly reason: string
}

const NO_DEPENDENCY_ID: KnownDifference = {
  pythonFails: { count: 0, error: /'NullTypeNode' object has no attribute 'find_end_of_stream'|OverrunBufferException: Tried to parse beyond the end/ },
  reason:
    'the records are a bare element tree (no template) whose start tags have no 16-bit dependency identifier; ' +
    'python-evtx always reads one, takes the data size for a name offset and fails; exhunt reads the form that fits',
}

const KNOWN: Readonly<Record<string, KnownDifference>> = {
  'evtx-rs/evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': { ...NO_DEPENDENCY_ID, pythonFails: { ...NO_DEPENDENCY_ID.pythonFails!, count: 340 } },
  'evtx-rs/evtx/issue_201.evtx': { ...NO_DEPENDENCY_ID, pythonFails: { ...NO_DEPENDENCY_ID.pythonFails!, count: 1 } },
  'hayabusa-sample-evtx/EVTX-to-MITRE-Attack/TA0001-Initial access/T1078-Valid accounts/ID1149-RDP success logins to multiple hosts.evtx': {
    ...NO_DEPENDENCY_ID,
    pythonFails: { ...NO_DEPENDENCY_ID.pythonFails!, count: 11 },
  },
  'python-evtx/evtx/issue_43.evtx': {
    pythonFails: { count: 1, error: /^UnicodeDecodeError: 'utf-16-le' codec can't decode/ },
    reason: "a string holds a lone UTF-16 surrogate: python-evtx's decoder raises (its own test expects that); exhunt keeps the code unit",
  },
  'evtx-rs/evtx/sample-with-zero-data-size-event.evtx': {
    exhuntOnly: 114,
    reason:
      'a record of chunk 0 has size 0: python-evtx stops reading the chunk there; exhunt reports it, finds the next record signature ' +
      '232 bytes on and reads the 114 records that follow (the chunk header counts records 1 to 117; exhunt reads all but the damaged one)',
  },
  'plaso/evtx/System2.evtx': {
    exhuntOnly: 89,
    reason: 'the file was cut short inside its third chunk: python-evtx reads whole 64 KiB chunks only; exhunt reads the 89 records that are complete',
  },
}

const STRING_FIELDS = ['provider', 'providerGuid', 'keywords', 'activityId', 'channel', 'computer', 'userSid'] as const
const NUMBER_FIELDS = ['eventId', 'qualifiers', 'version', 'level', 'task', 'opcode', 'recordId', 'processId', 'threadId'] as const

/**
 * The items of a string array as python-evtx writes it: one value of escaped <string>item</string>
 * lines, where exhunt writes one element per item, as Windows does. python-evtx moves, repeats or cuts
 * the items of an array that starts with empty strings; exhunt's items are put through the same
 * steps (python-string-array.ts) before they are compared.
 */
function stringArrayItems(value: string): string[] | undefined {
  if (!/^(<string>[^]*?<\/string>\n)+$/.test(value)) return undefined
  return [...value.matchAll(/<string>([^]*?)<\/string>\n/g)].map((m) => m[1]!)
}

/**
 * Element names in document order, runs of one name counted once (exhunt repeats the element of an
 * array substitution for each item where python-evtx writes one).
 */
function tags(xml: string): string[] {
  const out: string[] = []
  for (const m of xml.matchAll(/<([A-Za-z_][\w.:-]*)/g)) if (out.at(-1) !== m[1]) out.push(m[1]!)
  return out
}

function systemTime(xml: string): string {
  return /<TimeCreated SystemTime="([^"]*)"/.exec(xml)?.[1] ?? ''
}

/** The differences between python-evtx's event and exhunt's that no equivalence explains. */
function compare(py: WindowsEvent, ours: WindowsEvent, used: Map<string, number>): string[] {
  const out: string[] = []
  const same = (field: string, a: string, b: string): void => {
    const e = equivalence(a, b)
    if (e === undefined) out.push(`${field}: python ${JSON.stringify(a)}, exhunt ${JSON.stringify(b)}`)
    else if (e !== '') used.set(e, (used.get(e) ?? 0) + 1)
  }
  for (const f of STRING_FIELDS) same(f, py[f] ?? '', ours[f] ?? '')
  for (const f of NUMBER_FIELDS) if (py[f] !== ours[f]) out.push(`${f}: python ${py[f]}, exhunt ${ours[f]}`)
  if (Math.abs((py.timeCreated ?? 0) - (ours.timeCreated ?? 0)) > 1) out.push(`timeCreated: python ${py.timeCreated}, exhunt ${ours.timeCreated}`)
  same('SystemTime', systemTime(py.xml), systemTime(ours.xml))
  let j = 0
  py.data.forEach(([name, value], i) => {
    const items = stringArrayItems(value)
    if (items !== undefined) {
      // one python-evtx Data holds the whole array; exhunt has one Data per item
      const mine = ours.data.slice(j, ours.data.length - (py.data.length - i - 1))
      const expected = pythonStringArray(mine.map(([, v]) => v))
      if (JSON.stringify(expected) !== JSON.stringify(items)) out.push(`data ${name} (string array): python ${JSON.stringify(items)}, exhunt ${JSON.stringify(mine)}`)
      else used.set('string-array', (used.get('string-array') ?? 0) + 1)
      j += mine.length
      return
    }
    const mine = ours.data[j++]
    if (mine === undefined) out.push(`data ${name}: python ${JSON.stringify(value)}, exhunt has no pair`)
    else if (mine[0] !== name && !(/^Data\d+$/.test(name) && /^Data\d+$/.test(mine[0]))) out.push(`data name: python ${name}, exhunt ${mine[0]}`)
    else same(`data ${name}`, value, mine[1])
  })
  if (j < ours.data.length) out.push(`data: exhunt has ${ours.data.length - j} more pairs: ${JSON.stringify(ours.data.slice(j, j + 3))}`)
  const a = tags(py.xml).join(' ')
  const b = tags(ours.xml).join(' ')
  if (a !== b) out.push(`elements: python ${a}, exhunt ${b}`)
  return out
}

test('every record of every real EVTX file agrees with python-evtx', async (t) => {
  const root = realdata(t)
  if (root === undefined || !requireTool(t, 'evtx_dump.py', 'python3-evtx')) return
  const files = evtxFiles(root)
  assert.ok(files.length >= 150, `expected the ~200 EVTX files of the real data, found ${files.length}`)
  const python = pool(files, 2, (f) => pythonEvtxRecords(path.join(root, f)))
  let compared = 0
  const used = new Map<string, number>()
  for (const [i, file] of files.entries()) {
    await t.test(file, async () => {
      const [pyRecords, mine] = await Promise.all([python[i]!, readEvtxFile(path.join(root, file))])
      const ours = new Map(mine.records.map((r) => [r.offset, r]))
      const known = KNOWN[file]
      const failures: string[] = []
      let pythonFails = 0
      const seen = new Set<number>()
      for (const pr of pyRecords) {
        seen.add(pr.offset)
        const record = ours.get(pr.offset)
        if (pr.xml === undefined) {
          pythonFails++
          if (record === undefined) failures.push(`offset ${pr.offset}: python-evtx fails (${pr.error}) and exhunt has no record there`)
          continue
        }
        if (record === undefined) {
          failures.push(`offset ${pr.offset}: python-evtx reads a record, exhunt does not`)
          continue
        }
        const parsed = parseEventXml(pr.xml)
        if (!parsed.ok) {
          failures.push(`offset ${pr.offset}: python-evtx's XML does not read: ${parsed.error}`)
          continue
        }
        compared++
        for (const d of compare(parsed.event, record.event, used)) failures.push(`record ${record.recordId} at ${pr.offset}: ${d}`)
      }
      const exhuntOnly = mine.records.filter((r) => !seen.has(r.offset)).length
      assert.deepEqual(failures.slice(0, 20), [], `${failures.length} differences`)
      assert.equal(pythonFails, known?.pythonFails?.count ?? 0, `records python-evtx fails on (${known?.reason ?? 'none listed'})`)
      for (const pr of pyRecords) if (pr.error !== undefined) assert.match(pr.error, known!.pythonFails!.error, `python-evtx's error at ${pr.offset}`)
      assert.equal(exhuntOnly, known?.exhuntOnly ?? 0, `records only exhunt reads (${known?.reason ?? 'none listed'})`)
    })
  }
  t.diagnostic(`${compared} records compared with python-evtx; equivalences used: ${[...used].map(([k, v]) => `${k} ${v}`).join(', ')}`)
})
