// The <Event> reader: what Windows writes (quotes of both kinds, entities, CDATA, empty and
// pretty-printed elements, classic unnamed data, UserData) and what hostile input it refuses.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseEventXml, systemTimeToMs } from '../../../src/formats/windows/event-xml.js'
import { decodeEntities, parseXmlElement } from '../../../src/formats/windows/xml-element.js'

const NS = 'xmlns="http://schemas.microsoft.com/win/2004/08/events/event"'
const SYSTEM = `<System><Provider Name="MSExchangeTransport"/><EventID Qualifiers="49156">1035</EventID><Level>3</Level><TimeCreated SystemTime="2010-11-18T00:00:01.2031250Z"/><EventRecordID>7</EventRecordID><Correlation ActivityID="{5965E1C0-DDA7-0003-D8E1-6559A7DDD801}"/><Execution ProcessID="1500" ThreadID="42"/><Channel>Application</Channel><Computer>EXCH01</Computer><Security UserID="S-1-5-18"/></System>`

test('System values, classic unnamed data, entities and CDATA', () => {
  const xml = `<Event ${NS}>${SYSTEM}<EventData><Data>LogonDenied</Data><Data>Default &amp; &lt;EXCH01&gt; &#x263A; &#65;</Data><Data><![CDATA[a <raw> & b]]></Data><Data/><Binary></Binary></EventData></Event>`
  const parsed = parseEventXml(xml)
  assert.ok(parsed.ok)
  const e = parsed.event
  assert.deepEqual(
    [e.provider, e.eventId, e.qualifiers, e.level, e.recordId, e.activityId, e.processId, e.threadId, e.channel, e.computer, e.userSid, e.version, e.keywords],
    ['MSExchangeTransport', 1035, 49156, 3, 7, '{5965E1C0-DDA7-0003-D8E1-6559A7DDD801}', 1500, 42, 'Application', 'EXCH01', 'S-1-5-18', undefined, undefined],
  )
  assert.equal(e.timeCreated, Date.UTC(2010, 10, 18, 0, 0, 1, 203))
  assert.deepEqual(e.data, [['Data1', 'LogonDenied'], ['Data2', 'Default & <EXCH01> ☺ A'], ['Data3', 'a <raw> & b'], ['Data4', '']])
  assert.equal(e.xml, xml)
})

test('UserData: descendants by name, attributes as element.attribute, xmlns left out', () => {
  const xml = `<Event ${NS}>${SYSTEM}<UserData><Op xmlns="urn:x" Kind="start"><User>ACME\\test</User><Flags value="3" xmlns:p="urn:p"/><List><Item>a</Item><Item>b</Item></List></Op></UserData></Event>`
  const parsed = parseEventXml(xml)
  assert.ok(parsed.ok)
  assert.deepEqual(parsed.event.data, [['Op.Kind', 'start'], ['User', 'ACME\\test'], ['Flags.value', '3'], ['Item', 'a'], ['Item', 'b']])
})

test("pretty-printing: whitespace-only text with a line break is empty, other text is kept exactly", () => {
  const xml = `<Event ${NS}>\n  ${SYSTEM}\n  <EventData>\n    <Data Name="A">\n    </Data>\n    <Data Name="B">  </Data>\n    <Data Name="C">Advapi  </Data>\n  </EventData>\n</Event>`
  const parsed = parseEventXml(xml)
  assert.ok(parsed.ok)
  assert.deepEqual(parsed.event.data, [['A', ''], ['B', '  '], ['C', 'Advapi  ']])
})

test('SystemTime as wevtutil, evtx dumps and python-evtx write it', () => {
  const expected = Date.UTC(2022, 9, 11, 19, 26, 52, 45)
  assert.equal(systemTimeToMs('2022-10-11T19:26:52.0456560Z'), expected)
  assert.equal(systemTimeToMs('2022-10-11T19:26:52.045656000Z'), expected)
  assert.equal(systemTimeToMs('2022-10-11 19:26:52.045656'), expected)
  assert.equal(systemTimeToMs('2022-10-11T21:26:52.045+02:00'), expected)
  assert.equal(systemTimeToMs('2022-10-11T19:26:52Z'), Date.UTC(2022, 9, 11, 19, 26, 52))
  assert.equal(systemTimeToMs('2022-13-11T19:26:52Z'), undefined)
  assert.equal(systemTimeToMs('yesterday'), undefined)
  assert.equal(systemTimeToMs(undefined), undefined)
})

test('what is refused, with a reason and never a throw', () => {
  const cases: Array<[string, RegExp]> = [
    [`<Event ${NS}>${SYSTEM}<EventData><Data>x</Data></EventData>`, /not closed/],
    [`<Event ${NS}>${SYSTEM}</EventData></Event>`, /does not close/],
    [`<!DOCTYPE x [<!ENTITY a "b">]><Event/>`, /DTD/],
    [`<Event ${NS}><System><EventID>x</EventID></System></Event>`, /numeric <EventID>/],
    [`<Event ${NS}><EventData/></Event>`, /no <System>/],
    [`<Events/>`, /is not an <Event>/],
    [`junk <Event/>`, /text before/],
    [`<Event ${NS}>${SYSTEM}</Event> trailing`, /text after/],
    [`<Event ${NS}>${SYSTEM}</Event><Event/>`, /text after|second element/],
    [`<Event ${NS}><System <EventID>1</EventID></System></Event>`, /malformed/],
    [`${'<a>'.repeat(100)}${'</a>'.repeat(100)}`, /nesting deeper than 64/],
    ['', /no element/],
  ]
  for (const [xml, reason] of cases) {
    const parsed = parseEventXml(xml)
    assert.equal(parsed.ok, false, xml.slice(0, 60))
    if (!parsed.ok) assert.match(parsed.error, reason, xml.slice(0, 60))
  }
})

test('the element reader: quotes of both kinds, prefixes dropped, comments and prolog skipped, unknown entities kept', () => {
  const parsed = parseXmlElement(`<?xml version="1.0"?><!-- c --><e:Root a='1' b="two &quot;2&quot;"><e:Child>x<!-- inside -->y</e:Child></e:Root><!-- after -->`)
  assert.ok(parsed.ok)
  assert.deepEqual(parsed.root.attributes, { a: '1', b: 'two "2"' })
  assert.deepEqual([parsed.root.name, parsed.root.children[0]!.name, parsed.root.children[0]!.text], ['Root', 'Child', 'xy'])
  assert.equal(decodeEntities('&nbsp; &#0; &#x110000; &amp;amp;'), '&nbsp; &#0; &#x110000; &amp;')
})

test('large inputs: a 2 MB value, 100 000 values, a stray < in text', () => {
  const value = 'x'.repeat(2_000_000)
  const big = parseEventXml(`<Event ${NS}>${SYSTEM}<EventData><Data Name="A">${value}</Data></EventData></Event>`)
  assert.ok(big.ok && big.event.data[0]![1] === value)
  const many = parseEventXml(`<Event ${NS}>${SYSTEM}<EventData>${'<Data Name="x">1</Data>'.repeat(100_000)}</EventData></Event>`)
  assert.ok(many.ok && many.event.data.length === 100_000)
  assert.equal(parseEventXml(`<Event ${NS}>${SYSTEM}<EventData><Data Name="A">a < b</Data></EventData></Event>`).ok, false)
})
