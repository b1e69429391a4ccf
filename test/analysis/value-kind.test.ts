// What a value typed by the investigator is: by its shape, or by what the case holds.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { canonicalIp, detectValue, ipForms, kindByShape, UnknownValueError, valueAs } from '../../src/analysis/value-kind.js'
import { at, syntheticCase } from './synthetic-case.js'

const GHOST_DASHED =
  '00-00-00-00-7C-2E-9A-41-D0-5B-4F-6E-8A-1B-3C-5D-7E-9F-0A-2B-07-00-E4-1A-7C-9B-2D-3F-4E-5A-8B-6C-0D-1E-2F-3A-4B-5C-00-00-00-00-00-10-00-00-E4-1A-7C-9B-2D-3F-4E-5A-8B-6C-0D-1E-2F-3A-4B-5C-00-00-00-4B-2E-91-00-00'
const GHOST_HEX = GHOST_DASHED.replaceAll('-', '')

test('kinds told by shape alone', () => {
  const cases: Array<[string, string, string]> = [
    ['198.51.100.25', 'ipv4', '198.51.100.25'],
    [' 10.8.0.50 ', 'ipv4', '10.8.0.50'],
    ['::ffff:198.51.100.25', 'ipv4', '198.51.100.25'],
    ['2001:DB8:0:0::1', 'ipv6', '2001:db8::1'],
    ['198.51.100.7/24', 'cidr', '198.51.100.0/24'],
    ['10.8.0.0/16', 'cidr', '10.8.0.0/16'],
    ['2001:db8::1/64', 'cidr', '2001:db8::/64'],
    ['ACME\\CMoreno', 'user', 'cmoreno'],
    ['cmoreno@acme.example', 'user', 'cmoreno'],
    ['<9c4e2a7f@EXMBX01.acme.local>', 'message_id', '<9c4e2a7f@EXMBX01.acme.local>'],
    [GHOST_DASHED, 'item_id', GHOST_HEX],
    [GHOST_HEX.toLowerCase(), 'item_id', GHOST_HEX],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0', 'user_agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0'],
    ['curl/8.5.0', 'user_agent', 'curl/8.5.0'],
  ]
  for (const [text, kind, value] of cases) {
    assert.deepEqual(kindByShape(text), { kind, written: text.trim(), value }, text)
  }
  for (const word of ['cmoreno', 'Firefox', 'cas01', 'mobile.acme.example', '00-00-00-00-5A-3B', '1.2.3', '']) {
    assert.equal(kindByShape(word), undefined, `"${word}" needs the case`)
  }
})

test('IPs compared in every form a log writes them', () => {
  assert.equal(canonicalIp('010.8.0.1'), undefined, 'octal-looking IPv4 is not an address')
  assert.equal(canonicalIp('198.51.100.25'), '198.51.100.25')
  assert.deepEqual(ipForms('198.51.100.25'), ['198.51.100.25', '::ffff:198.51.100.25'])
  assert.deepEqual(ipForms('2001:db8::1'), ['2001:db8::1', '2001:db8:0:0:0:0:0:1'])
})

test('--as takes a value as a kind, or says why it cannot', () => {
  assert.deepEqual(valueAs('message_id', 'abc@host'), { kind: 'message_id', written: 'abc@host', value: '<abc@host>' })
  assert.deepEqual(valueAs('item_id', '00-00-00-00-5a-3b'), { kind: 'item_id', written: '00-00-00-00-5a-3b', value: '000000005A3B' })
  assert.deepEqual(valueAs('host', 'Mobile.ACME.example'), { kind: 'host', written: 'Mobile.ACME.example', value: 'mobile.acme.example' })
  assert.throws(() => valueAs('ipv4', 'cmoreno'), (e: unknown) => e instanceof UnknownValueError && /not an IPv4 address/.test(e.message))
  assert.throws(() => valueAs('cidr', '198.51.100.25'), /not an IP network/)
  assert.deepEqual(valueAs('item_id', '00-00-XXX-00'), { kind: 'item_id', written: '00-00-XXX-00', value: '00-00-XXX-00' }, 'as a source wrote it (redacted)')
  assert.throws(() => valueAs('item_id', 'a b'), /not an item id/)
})

test('bare words are looked up in the case: account, user-agent family, host', async (t) => {
  const store = await syntheticCase(t, {
    'cas01.log': [
      { ts: at('01:00'), user_key: 'cmoreno', user_name: 'ACME\\cmoreno', host_name: 'cas01', dst_host: 'mobile.acme.example', user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0' },
      { ts: at('01:01'), user_key: 'outlook', host_name: 'cas01', user_agent: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)' },
    ],
  })
  assert.deepEqual(await detectValue(store, 'CMoreno'), { kind: 'user', written: 'CMoreno', value: 'cmoreno' })
  assert.deepEqual(await detectValue(store, 'firefox'), { kind: 'ua_family', written: 'firefox', value: 'firefox' })
  assert.deepEqual(await detectValue(store, 'CAS01'), { kind: 'host', written: 'CAS01', value: 'cas01' })
  assert.deepEqual(await detectValue(store, 'mobile.acme.example'), { kind: 'host', written: 'mobile.acme.example', value: 'mobile.acme.example' })
  assert.deepEqual(await detectValue(store, 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0'), {
    kind: 'user_agent',
    written: 'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:123.0)+Gecko/20100101+Firefox/123.0',
    value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0',
  }, 'pasted from an IIS line, + for spaces')
  await assert.rejects(detectValue(store, 'Outlook'), /could be an account or a user-agent family; say which with --as user\|ua_family/)
  assert.equal((await detectValue(store, 'Outlook', { as: 'ua_family' })).kind, 'ua_family')
  await assert.rejects(detectValue(store, 'nobody'), (e: unknown) => e instanceof UnknownValueError && /cannot tell what "nobody" is/.test(e.message))
  await assert.rejects(detectValue(store, '  '), /empty value/)
})
