// The case context file: time zone and culture read, bad entries pointed at by line.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ContextError, parseCaseContext } from '../../src/context/case-context.js'

test('time_zone and culture are read; other keys are left to their readers', () => {
  assert.deepEqual(parseCaseContext('time_zone: Europe/Madrid\nculture: es-ES\nnetworks:\n  vpn: [10.8.0.0/16]\n', 'context.yaml'), {
    file: 'context.yaml',
    timeZone: 'Europe/Madrid',
    culture: 'es-ES',
  })
  assert.deepEqual(parseCaseContext('', 'context.yaml'), { file: 'context.yaml' })
})

test('a bad entry is reported with its line and column', () => {
  assert.throws(() => parseCaseContext('culture: en-US\ntime_zone: Mars/Olympus\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /^ctx\.yaml:2:12: unknown time zone "Mars\/Olympus"/.test(e.message))
  assert.throws(() => parseCaseContext('culture: 42\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /^ctx\.yaml:1:10: culture must be/.test(e.message))
  assert.throws(() => parseCaseContext('time_zone: [a\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /^ctx\.yaml:\d+:\d+: /.test(e.message))
  assert.throws(() => parseCaseContext('- a\n- b\n', 'ctx.yaml'), (e: unknown) => e instanceof ContextError && /must be a mapping/.test(e.message))
})
