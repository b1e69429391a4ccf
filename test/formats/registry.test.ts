// The format registry: an explicit list, unique ids, and every sample sniffs as its own format.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { FORMAT_IDS } from '../../src/formats/format.js'
import { FORMATS } from '../../src/formats/registry.js'
import { sniffFormat } from '../../src/formats/sniff.js'

test('every format id has exactly one module', () => {
  const ids = FORMATS.map((f) => f.id)
  assert.equal(new Set(ids).size, ids.length, `duplicate ids: ${ids.join(', ')}`)
  assert.deepEqual([...ids].sort(), [...FORMAT_IDS].sort())
})

test("each format's samples sniff as that format and no other", () => {
  for (const format of FORMATS) {
    if (format.binary !== undefined) {
      // Binary formats are recognised by their signature, never by text.
      assert.equal(format.sniff('ElfFile\0', 'x.evtx'), 0)
      assert.ok(format.binary.matches(Buffer.from('ElfFile\0\0\0\0\0', 'latin1')) && !format.binary.matches(Buffer.from('#Fields: date')))
      continue
    }
    assert.ok(format.samples.length > 0, `${format.id} has samples`)
    for (const sample of format.samples) {
      const fileName = format.fileNamePatterns[0]!.replace(/\*/g, 'x').split('/').pop()!
      assert.equal(sniffFormat(FORMATS, sample, fileName).format?.id, format.id, `sample of ${format.id}: ${sample.slice(0, 80)}`)
    }
  }
})

test('prose, JSON and Apache logs are not claimed by any format', () => {
  for (const text of [
    'Dear investigator,\nthis is not a log.\n',
    '{"events":[{"message":"x"}]}\n',
    '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326\n',
  ]) {
    assert.equal(sniffFormat(FORMATS, text, 'x.log').format, undefined, text)
  }
})
