// One key for an item across EventHistory, scripts and audit logs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { entryIdIn, normaliseItemId } from '../../src/model/item-id.js'

test('entry ids lose their separators and case', () => {
  assert.equal(normaliseItemId('00-00-00-00-5a-3b-8C-1D'), '000000005A3B8C1D')
  assert.equal(normaliseItemId('000000005A3B8C1D'), '000000005A3B8C1D')
  assert.equal(normaliseItemId(' 00 00 00 00 5A 3B 8C 1D '), '000000005A3B8C1D')
  assert.equal(normaliseItemId(''), undefined)
  assert.equal(normaliseItemId('-'), undefined)
})

test('a base64 StoreObjectId (audit ItemId) becomes the entry id it wraps', () => {
  const entryId = Buffer.from('0000000038A1BB1005E5101AA1BB08002B2A56C20700' + 'AB'.repeat(48), 'hex')
  const storeObjectId = Buffer.concat([Buffer.from([entryId.length]), entryId, Buffer.from([0x09])]).toString('base64')
  assert.ok(storeObjectId.startsWith('RgAAAA'), storeObjectId)
  assert.equal(normaliseItemId('LgAAAACklF6sEsJgSK/ulVd531/WAQCzgXIUnq3lQqXFeCmxHwmHAAAAAAEMAAAB'), 'A'.repeat(0) + '00000000A4945EAC12C26048AFEE955779DF5FD60100B38172149EADE542A5C57829B11F0987000000000' + '10C0000', 'a folder id (46 bytes), from Elastic o365 test data')
  assert.equal(normaliseItemId(storeObjectId), entryId.toString('hex').toUpperCase())
  assert.equal(normaliseItemId('AAMkAGI2TG93AAA='), 'AAMkAGI2TG93AAA=', 'anything else is kept as written')
})

test('only a long hex string in a mixed field is taken for an entry id', () => {
  assert.equal(entryIdIn('00-00-00-00-5A-3B-8C-1D-2E-3F-40-41-42-43-44-45-46-47-48-49-4A-4B'), '000000005A3B8C1D2E3F404142434445464748494A4B')
  assert.equal(entryIdIn('<ghost@acme.example>'), undefined)
  assert.equal(entryIdIn('5A3B'), undefined, 'too short for an entry id')
})
