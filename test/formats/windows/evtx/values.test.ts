// Substitution value types rendered as Windows renders them in event XML, one by one.
import assert from 'node:assert/strict'
import zlib from 'node:zlib'
import test from 'node:test'
import { crc32, crc32Portable } from '../../../../src/formats/windows/evtx/crc32.js'
import { renderArray, renderScalar } from '../../../../src/formats/windows/evtx/value-render.js'
import { filetimeToIso, filetimeToMs, isoToMs, systemtimeToIso } from '../../../../src/formats/windows/evtx/windows-time.js'

const le = (bits: 8 | 16 | 32 | 64, n: bigint | number, signed = false): Buffer => {
  const b = Buffer.alloc(bits / 8)
  if (bits === 8) signed ? b.writeInt8(Number(n)) : b.writeUInt8(Number(n))
  else if (bits === 16) signed ? b.writeInt16LE(Number(n)) : b.writeUInt16LE(Number(n))
  else if (bits === 32) signed ? b.writeInt32LE(Number(n)) : b.writeUInt32LE(Number(n))
  else signed ? b.writeBigInt64LE(BigInt(n)) : b.writeBigUInt64LE(BigInt(n))
  return b
}
const render = (type: number, b: Buffer): string => renderScalar(b, 0, b.length, type)

test('null, strings (UTF-16 and ANSI) and their NUL terminators', () => {
  assert.equal(render(0x00, Buffer.alloc(0)), '')
  assert.equal(render(0x01, Buffer.from('Ångström ✓\0', 'utf16le')), 'Ångström ✓')
  assert.equal(render(0x01, Buffer.from('trailing  ', 'utf16le')), 'trailing  ', 'spaces are data')
  assert.equal(render(0x02, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x80, 0x00])), 'café€', 'Windows-1252')
  assert.equal(render(0x23, Buffer.from('<x/>', 'utf16le')), '<x/>', 'EvtXml is text')
})

test('integers: int8..int64, uint8..uint64, beyond 2^53 exactly', () => {
  assert.equal(render(0x03, le(8, -128, true)), '-128')
  assert.equal(render(0x04, le(8, 255)), '255')
  assert.equal(render(0x05, le(16, -32768, true)), '-32768')
  assert.equal(render(0x06, le(16, 65535)), '65535')
  assert.equal(render(0x07, le(32, -2147483648, true)), '-2147483648')
  assert.equal(render(0x08, le(32, 4294967295)), '4294967295')
  assert.equal(render(0x09, le(64, -9223372036854775808n, true)), '-9223372036854775808')
  assert.equal(render(0x09, le(64, 5n, true)), '5')
  assert.equal(render(0x0a, le(64, 18446744073709551615n)), '18446744073709551615')
  assert.equal(render(0x0a, le(64, 9007199254740993n)), '9007199254740993')
})

test('reals, booleans, binary, GUID', () => {
  const f = Buffer.alloc(4)
  f.writeFloatLE(0.1)
  assert.equal(render(0x0b, f), '0.1', 'shortest text of the single-precision value')
  const d = Buffer.alloc(8)
  d.writeDoubleLE(-1.5e-7)
  assert.equal(render(0x0c, d), '-1.5e-7')
  assert.equal(render(0x0d, le(32, 1)), 'true')
  assert.equal(render(0x0d, le(32, 0)), 'false')
  assert.equal(render(0x0d, le(32, 0xffffffff)), 'true', 'any non-zero value')
  assert.equal(render(0x0e, Buffer.from([0xd9, 0x06, 0x00, 0x0a])), 'D906000A')
  assert.equal(render(0x0f, Buffer.from('2596845478549449a5ba3e3b0328c30d', 'hex')), '{54849625-5478-4994-A5BA-3E3B0328C30D}')
})

test('size_t, HexInt32, HexInt64: unpadded lower-case hex, as Windows writes SubjectLogonId 0x3e7', () => {
  assert.equal(render(0x10, le(64, 0x7eecn)), '0x7eec')
  assert.equal(render(0x10, le(32, 0x858)), '0x858', '32-bit size_t')
  assert.equal(render(0x14, le(32, 0xc000006d)), '0xc000006d')
  assert.equal(render(0x14, le(32, 0)), '0x0')
  assert.equal(render(0x15, le(64, 0x3e7n)), '0x3e7')
  assert.equal(render(0x15, le(64, 0x8020000000000000n)), '0x8020000000000000')
  assert.equal(render(0x15, le(64, 0x100000001n)), '0x100000001')
  assert.equal(render(0x20, le(64, 0x10n)), '0x10', 'EvtHandle')
})

test('FILETIME and SYSTEMTIME in ISO 8601 UTC; FILETIME to the 100 ns', () => {
  // 2022-10-11T19:26:52.0456558Z
  const ticks = BigInt(Date.UTC(2022, 9, 11, 19, 26, 52, 45)) * 10000n + 116444736000000000n + 6558n
  assert.equal(render(0x11, le(64, ticks)), '2022-10-11T19:26:52.0456558Z')
  assert.equal(filetimeToMs(Number(ticks & 0xffffffffn), Number(ticks >> 32n)), Date.UTC(2022, 9, 11, 19, 26, 52, 45))
  assert.equal(filetimeToIso(0, 0), '1601-01-01T00:00:00.0000000Z')
  assert.equal(isoToMs('2022-10-11T19:26:52.0456558Z'), Date.UTC(2022, 9, 11, 19, 26, 52, 45))
  const st = Buffer.alloc(16)
  ;[2016, 7, 5, 8, 18, 12, 51, 681].forEach((n, i) => st.writeUInt16LE(n, 2 * i))
  assert.equal(render(0x12, st), '2016-07-08T18:12:51.681Z')
  assert.equal(systemtimeToIso(st, 0), '2016-07-08T18:12:51.681Z')
})

test('FILETIME text is the instant JavaScript dates give, with the 100 ns ticks after the milliseconds', () => {
  let seed = 1
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const ms = (seed % 2 ** 30) * 4000 - 2 ** 40 // 1935..2172
    const ticks = seed % 10000
    const t = (BigInt(ms) + 11644473600000n) * 10000n + BigInt(ticks)
    const expected = `${new Date(ms).toISOString().slice(0, -1)}${String(ticks).padStart(4, '0')}Z`
    assert.equal(filetimeToIso(Number(t & 0xffffffffn), Number(t >> 32n)), expected)
  }
})

test('SID, also with a 48-bit authority and when cut short', () => {
  const sid = Buffer.from('010500000000000515000000dcafebfe0c95fb0f8c50682de8030000', 'hex')
  assert.equal(render(0x13, sid), 'S-1-5-21-4276858844-268145932-761811084-1000')
  assert.equal(render(0x13, Buffer.from('0101000000000005' + '12000000', 'hex')), 'S-1-5-18')
  assert.equal(render(0x13, Buffer.from('0101010000000000' + '00000000', 'hex')), 'S-1-0x010000000000-0')
  assert.equal(render(0x13, sid.subarray(0, 20)), 'S-1-5-21-4276858844-268145932', 'an incomplete SID gives what is there')
})

test('arrays (type | 0x80): strings split on NUL, fixed-size items, SIDs', () => {
  const strings = Buffer.from('10.00.\x0015063\x00\x00Multiprocessor Free\x000\x00', 'utf16le')
  assert.deepEqual(renderArray(strings, 0, strings.length, 0x81), ['10.00.', '15063', '', 'Multiprocessor Free', '0'])
  assert.deepEqual(renderArray(Buffer.from('a\0b', 'latin1'), 0, 3, 0x82), ['a', 'b'])
  assert.deepEqual(renderArray(Buffer.concat([le(16, 1), le(16, 65535)]), 0, 4, 0x86), ['1', '65535'])
  assert.deepEqual(renderArray(Buffer.concat([le(32, 1), le(32, 0x10)]), 0, 8, 0x94), ['0x1', '0x10'])
  assert.deepEqual(renderArray(Buffer.concat([le(64, 1n), le(64, 2n)]), 0, 16, 0x95), ['0x1', '0x2'])
  const guid = Buffer.from('2596845478549449a5ba3e3b0328c30d', 'hex')
  assert.deepEqual(renderArray(Buffer.concat([guid, guid]), 0, 32, 0x8f), ['{54849625-5478-4994-A5BA-3E3B0328C30D}', '{54849625-5478-4994-A5BA-3E3B0328C30D}'])
  const sids = Buffer.from('0101000000000005' + '12000000' + '0102000000000005' + '2000000020020000', 'hex')
  assert.deepEqual(renderArray(sids, 0, sids.length, 0x93), ['S-1-5-18', 'S-1-5-32-544'])
  assert.deepEqual(renderArray(Buffer.alloc(0), 0, 0, 0x81), [])
})

test('CRC-32: the portable table gives what node:zlib gives, also continued', () => {
  const data = Buffer.from('123456789')
  assert.equal(crc32Portable(data), 0xcbf43926)
  assert.equal(crc32(data), 0xcbf43926)
  const z = (zlib as unknown as { crc32?: (d: Buffer, v?: number) => number }).crc32
  if (z !== undefined) assert.equal(crc32Portable(data.subarray(4), crc32Portable(data.subarray(0, 4))), z(data))
  assert.equal(crc32(data, 4, 9, crc32(data, 0, 4)), 0xcbf43926)
})
