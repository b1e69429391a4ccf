// Dates as PowerShell writes them, in the collecting machine's culture and zone.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dateOrderOfCulture, orderEvidence, readLocalTime } from '../../src/model/local-time.js'

const iso = (r: ReturnType<typeof readLocalTime>): string | undefined => (r.kind === 'time' ? new Date(r.ms).toISOString() : r.kind)

test('cultures give the day/month order', () => {
  assert.equal(dateOrderOfCulture('en-US'), 'mdy')
  assert.equal(dateOrderOfCulture('en-GB'), 'dmy')
  assert.equal(dateOrderOfCulture('es-ES'), 'dmy')
  assert.equal(dateOrderOfCulture('de-DE'), 'dmy')
  assert.equal(dateOrderOfCulture('ja-JP'), undefined, 'year first: no order needed')
  assert.equal(dateOrderOfCulture('dmy'), 'dmy')
  assert.equal(dateOrderOfCulture('not a culture'), 'unknown')
})

test('the shapes PowerShell writes, read as UTC without a zone', () => {
  assert.equal(iso(readLocalTime('3/11/2026 10:32:15 PM', 'mdy', undefined)), '2026-03-11T22:32:15.000Z')
  assert.equal(iso(readLocalTime('3/11/2026 12:05:00 AM', 'mdy', undefined)), '2026-03-11T00:05:00.000Z', '12 AM is midnight')
  assert.equal(iso(readLocalTime('11/03/2026 22:32:15', 'dmy', undefined)), '2026-03-11T22:32:15.000Z')
  assert.equal(iso(readLocalTime('11.03.2026 22:32:15', 'dmy', undefined)), '2026-03-11T22:32:15.000Z')
  assert.equal(iso(readLocalTime('2026-03-11 22:32:15', undefined, undefined)), '2026-03-11T22:32:15.000Z', 'ISO needs no order')
  assert.equal(iso(readLocalTime('2026-03-11T22:32:15.1234567Z', undefined, 'Europe/Madrid')), '2026-03-11T22:32:15.123Z', 'a written zone wins')
  assert.equal(iso(readLocalTime('2026-03-11T23:32:15+01:00', undefined, undefined)), '2026-03-11T22:32:15.000Z')
})

test('ambiguous dates need the order; unambiguous ones settle it', () => {
  assert.equal(iso(readLocalTime('3/11/2026 10:32:15 PM', undefined, undefined)), 'needs_order')
  assert.equal(iso(readLocalTime('13/03/2026 22:32:15', undefined, undefined)), '2026-03-13T22:32:15.000Z')
  assert.equal(orderEvidence('13/03/2026 22:32:15'), 'dmy')
  assert.equal(orderEvidence('3/13/2026 10:32:15 PM'), 'mdy')
  assert.equal(orderEvidence('3/11/2026 10:32:15 PM'), undefined)
  assert.equal(iso(readLocalTime('31/02/2026 10:00:00', 'dmy', undefined)), 'invalid')
  assert.equal(iso(readLocalTime('yesterday', 'dmy', undefined)), 'invalid')
})

test('local times are placed in the given zone, summer time included', () => {
  assert.equal(iso(readLocalTime('11/03/2026 22:32:15', 'dmy', 'Europe/Madrid')), '2026-03-11T21:32:15.000Z', 'CET, UTC+1')
  assert.equal(iso(readLocalTime('11/07/2026 22:32:15', 'dmy', 'Europe/Madrid')), '2026-07-11T20:32:15.000Z', 'CEST, UTC+2')
  assert.equal(iso(readLocalTime('3/11/2026 10:32:15 PM', 'mdy', 'America/New_York')), '2026-03-12T02:32:15.000Z', 'EDT after 8 March')
  // 25 October 2026, 02:30 happens twice in Madrid: the earlier (CEST) instant is taken.
  assert.equal(iso(readLocalTime('2026-10-25 02:30:00', undefined, 'Europe/Madrid')), '2026-10-25T00:30:00.000Z')
  // 29 March 2026, 02:30 does not exist in Madrid: read with the offset before the change.
  assert.equal(iso(readLocalTime('2026-03-29 02:30:00', undefined, 'Europe/Madrid')), '2026-03-29T01:30:00.000Z')
})
