// Record counts of every real EVTX file against libevtx (evtxexport, Debian's libevtx-utils), and
// the peers' expected outputs: the GOLDEN_*.json files (evtx-rs, python-evtx and plaso tests),
// evtx-rs's snapshots, and Sigma's regression events (evtx-rs JSON of the one event each .evtx
// holds). Each difference is listed with its reason.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import test from 'node:test'
import { parseEventXml } from '../../../../src/formats/windows/event-xml.js'
import type { WindowsEvent } from '../../../../src/formats/windows/windows-event.js'
import { jsonValues } from '../../../helpers/json-values.js'
import { realdata } from '../../../helpers/realdata.js'
import { evtxFiles, readEvtxFile } from './evtx-files.js'
import { evtxRsEquivalent, evtxRsEventData } from './evtx-rs-json.js'
import { libevtxCount, pool, requireTool } from './reference-tools.js'

/** exhunt's count where it differs from evtxexport's, and why. */
const COUNT_DIFFERENCES: Readonly<Record<string, { readonly exhunt: number; readonly libevtx: number; readonly reason: string }>> = {
  'evtx-rs/evtx/Microsoft-Windows-HelloForBusiness%4Operational.evtx': {
    exhunt: 6,
    libevtx: 5,
    reason: 'the last record (a dirty file) lacks the copy of its size at its end; its Binary XML reads whole, so exhunt keeps it (reported), as evtx-rs does (GOLDEN: ok 6)',
  },
  'evtx-rs/evtx/sample-with-zero-data-size-event.evtx': {
    exhunt: 449,
    libevtx: 335,
    reason: 'a record of size 0 in chunk 0: libevtx stops the chunk there (and lists the rest among recovered records); exhunt resumes at the next record signature',
  },
  'plaso/evtx/System2.evtx': {
    exhunt: 283,
    libevtx: 194,
    reason: 'the file is cut short inside its third chunk: libevtx reads whole chunks only; exhunt reads the 89 complete records of the cut chunk',
  },
}

test('record counts of every real EVTX file agree with libevtx (libevtx-utils)', async (t) => {
  const root = realdata(t)
  if (root === undefined || !requireTool(t, 'evtxexport', 'libevtx-utils') || !requireTool(t, 'evtxinfo', 'libevtx-utils')) return
  const files = evtxFiles(root)
  const theirs = pool(files, 2, (f) => libevtxCount(path.join(root, f)))
  let total = 0
  for (const [i, file] of files.entries()) {
    const ours: number = (await readEvtxFile(path.join(root, file))).records.length
    const libevtx = await theirs[i]!
    const listed = COUNT_DIFFERENCES[file]
    if (listed === undefined) assert.equal(ours, libevtx, `${file}: exhunt ${ours}, evtxexport ${libevtx}`)
    else assert.deepEqual([ours, libevtx], [listed.exhunt, listed.libevtx], `${file}: ${listed.reason}`)
    total += ours
  }
  t.diagnostic(`${files.length} files, ${total} records; ${Object.keys(COUNT_DIFFERENCES).length} listed differences`)
})

test("evtx-rs's record counts (GOLDEN_evtx_rs.json)", async (t) => {
  const root = realdata(t, 'evtx-rs')
  if (root === undefined) return
  const golden = JSON.parse(fs.readFileSync(path.join(root, 'GOLDEN_evtx_rs.json'), 'utf8')) as {
    record_counts: Record<string, { ok?: number; err?: number; iterations_including_errors?: number }>
  }
  for (const [file, expected] of Object.entries(golden.record_counts)) {
    const { records, problems } = await readEvtxFile(path.join(root, file))
    const failed = problems.filter((p) => p.code === 'record_binxml').length
    if (expected.ok !== undefined) {
      assert.equal(records.length, expected.ok, file)
      assert.equal(failed, expected.err, `${file}: records that do not read`)
    } else {
      // evtx-rs stops chunk 0 at the record of size 0 (336 iterations with that error); exhunt
      // reports it and reads on: every record the chunk headers count (1 to 450) but the damaged one
      assert.equal(file, 'evtx/sample-with-zero-data-size-event.evtx')
      assert.equal(records.length, 449)
      assert.deepEqual(problems.filter((p) => p.code === 'record_header').map((p) => p.offset), [4096 + 2080])
      assert.equal(new Set(records.map((r) => r.recordId)).size, 449)
    }
  }
})

/** The record a snapshot's "record" field names. */
function pick(records: ReadonlyArray<{ event: WindowsEvent }>, which: string): WindowsEvent {
  const id = /EventRecordID (\d+)/.exec(which)
  const found = id === null ? records[0] : records.find((r) => r.event.recordId === Number(id[1]))
  assert.ok(found !== undefined, which)
  return found.event
}

function sameData(theirs: ReadonlyArray<readonly [string, string]>, ours: ReadonlyArray<readonly [string, string]>, what: string): void {
  assert.deepEqual(
    ours.map(([k]) => k),
    theirs.map(([k]) => k),
    `${what}: names`,
  )
  theirs.forEach(([k, v], i) => assert.ok(evtxRsEquivalent(v, ours[i]![1]), `${what}: ${k}: evtx-rs ${JSON.stringify(v)}, exhunt ${JSON.stringify(ours[i]![1])}`))
}

test("evtx-rs's snapshots of single records (XML and JSON)", async (t) => {
  const root = realdata(t, 'evtx-rs')
  if (root === undefined) return
  const golden = JSON.parse(fs.readFileSync(path.join(root, 'GOLDEN_evtx_rs.json'), 'utf8')) as { snapshots: Record<string, { sample: string; record: string; mode: string }> }
  for (const [snapshot, { sample, record, mode }] of Object.entries(golden.snapshots)) {
    const body = fs.readFileSync(path.join(root, snapshot), 'utf8').split(/^---$/m)[2]!.trim()
    const ours = pick((await readEvtxFile(path.join(root, sample))).records, record)
    if (mode === 'XML') {
      const parsed = parseEventXml(body)
      assert.ok(parsed.ok, snapshot)
      const theirs = parsed.event
      for (const f of ['provider', 'eventId', 'qualifiers', 'version', 'level', 'task', 'opcode', 'keywords', 'recordId', 'processId', 'threadId', 'channel', 'computer', 'userSid'] as const) {
        assert.equal(ours[f], theirs[f], `${snapshot}: ${f}`)
      }
      assert.ok(evtxRsEquivalent(theirs.providerGuid ?? '', ours.providerGuid ?? ''), `${snapshot}: providerGuid`)
      assert.equal(Math.floor((ours.timeCreated ?? 0) / 1000), Math.floor((theirs.timeCreated ?? 0) / 1000), `${snapshot}: timeCreated`)
      sameData(theirs.data, ours.data, snapshot)
    } else {
      const json = JSON.parse(body) as { Event: { EventData?: never } }
      const pairs = evtxRsEventData(json.Event.EventData ?? null)
      if (pairs !== undefined && !mode.includes('separate_json_attributes')) sameData(pairs, ours.data, snapshot)
    }
  }
})

test("python-evtx's and plaso's expectations (GOLDEN_python_evtx.json, GOLDEN_plaso.json)", async (t) => {
  const py = realdata(t, 'python-evtx', 'evtx')
  const plaso = realdata(t, 'plaso', 'evtx', 'System2.evtx')
  if (py === undefined || plaso === undefined) return
  // issue_38: one record in its chunk, HexInt64 0x000000000019d3af, which Windows (and exhunt) write unpadded
  const i38 = await readEvtxFile(path.join(py, 'issue_38.evtx'))
  assert.equal(i38.records.length, 1)
  assert.ok(i38.records[0]!.event.data.some(([k, v]) => k === 'SubjectLogonId' && v === '0x19d3af'))
  // issue_39: record 129's SystemTime, 2017-04-21 07:41:17.003393 in python-evtx's rounding
  const i39 = await readEvtxFile(path.join(py, 'issue_39.evtx'))
  const r129 = i39.records.find((r) => r.event.recordId === 129)
  assert.match(r129?.event.xml ?? '', /<TimeCreated SystemTime="2017-04-21T07:41:17\.00339\d\dZ">/)
  // issue_43: record 508 holds a string python-evtx cannot decode (a lone surrogate); exhunt reads it
  const i43 = await readEvtxFile(path.join(py, 'issue_43.evtx'))
  const r508 = i43.records.find((r) => r.event.recordId === 508)
  assert.ok(r508 !== undefined)
  assert.ok(r508.event.data.some(([, v]) => /[\ud800-\udfff]/.test(v)), 'the lone surrogate is kept')
  // plaso: 194 records (libevtx reads whole chunks only; exhunt also reads the 89 complete records
  // of the cut chunk); the 179th record is a 4624 written 2015-08-09T09:15:48.4341250
  const s2 = await readEvtxFile(plaso)
  assert.equal(s2.records.filter((r) => r.chunk < 2).length, 194)
  const r = s2.records[178]!
  assert.deepEqual([r.ordinal, r.recordId, r.event.eventId], [179, 179, 4624])
  assert.match(r.event.xml, /<TimeCreated SystemTime="2015-08-09T09:15:48\.4341250Z">/)
  assert.equal(r.writtenTime, Date.parse('2015-08-09T09:15:48.434Z'))
})

test("Sigma's regression events: EventData as evtx-rs wrote it to JSON", async (t) => {
  const root = realdata(t, 'sigma', 'regression_data')
  if (root === undefined) return
  const jsons = evtxFiles(root).map((f) => f.replace(/\.evtx$/, '.json')).filter((f) => fs.existsSync(path.join(root, f)))
  assert.ok(jsons.length >= 100, `found ${jsons.length}`)
  let compared = 0
  for (const file of jsons) {
    const { records } = await readEvtxFile(path.join(root, file.replace(/\.json$/, '.evtx')))
    for (const text of jsonValues(fs.readFileSync(path.join(root, file), 'utf8'))) {
      const json = JSON.parse(text) as { Event: { System: { EventRecordID: number }; EventData?: never } }
      const pairs = evtxRsEventData(json.Event.EventData ?? null)
      const ours = records.find((r) => r.event.recordId === json.Event.System.EventRecordID)
      assert.ok(ours !== undefined, `${file}: record ${json.Event.System.EventRecordID}`)
      if (pairs === undefined) continue
      sameData(pairs, ours.event.data, file)
      compared++
    }
  }
  t.diagnostic(`${compared} Sigma regression events compared`)
})
