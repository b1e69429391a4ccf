// Stripping on the bundled ghost-mail case: with the organisation's context, the family nobody
// deploys (Firefox) is what is left; single-valued and wholly known fields are hidden.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import { strip } from '../../src/analysis/strip.js'
import { parseCondition } from '../../src/analysis/where.js'
import { emptyContext, parseCaseContext } from '../../src/context/case-context.js'
import { FORMATS } from '../../src/formats/registry.js'
import { ingestPaths } from '../../src/ingest/ingest.js'
import { openDuckDbStore } from '../../src/store/duckdb.js'
import { tempDir } from '../helpers/temp-dir.js'

const EXAMPLE = path.join(process.cwd(), 'examples', 'ghost-mail')
const CONTEXT = parseCaseContext(
  'networks:\n  internal: [10.0.0.0/8, 127.0.0.0/8]\n  vpn: [10.8.0.0/16]\ndeployed_browsers: [Chrome, Edge, IE]\ndeployed_clients: [Outlook, ActiveSync phones]\n',
  'context.yaml',
)

test('strip: what is left once the known is taken away', async (t) => {
  const store = await openDuckDbStore(path.join(tempDir(t), 'case'))
  try {
    await ingestPaths(store, [EXAMPLE], { formats: FORMATS })
    const bare = await strip(store, { context: emptyContext(), all: true })
    const byField = new Map(bare.map((f) => [f.field, f]))
    for (const f of bare) if (f.values === 1) assert.equal(f.hidden, 'one value', `${f.field}: one value, nothing to learn`)
    assert.equal(byField.get('http_method')!.hidden, undefined)
    const bareFamilies = await strip(store, { context: emptyContext(), fields: ['ua.family'], top: 20, all: true })
    assert.deepEqual(bareFamilies[0]!.top.filter((v) => v.known).map((v) => v.value), bareFamilies[0]!.top.filter((v) => v.known && v.value !== 'Firefox').map((v) => v.value), 'without context Firefox is not known')
    assert.ok(bareFamilies[0]!.top.some((v) => v.value === 'Firefox' && !v.known))
    for (const f of bare) assert.equal(f.records, f.known_records + f.remaining)

    const stripped = await strip(store, { context: CONTEXT, top: 3 })
    const family = stripped.find((f) => f.field === 'ua.family')!
    assert.equal(family.top[0]!.value, 'Firefox', 'the family nobody deploys is the first one left')
    assert.equal(family.top[0]!.known, false)
    assert.ok(family.top.filter((v) => v.known).every((v) => ['Outlook', 'iOS Mail', 'Android Mail', 'Chrome', 'Edge', 'IE'].includes(v.value!)))
    const ips = stripped.find((f) => f.field === 'src_ip')!
    assert.ok(ips.top.every((v) => v.known || !v.value!.startsWith('10.')), 'internal and VPN addresses are known')
    const hidden = bare.filter((f) => f.hidden !== undefined).map((f) => f.field)
    assert.ok(hidden.length > 0 && !stripped.some((f) => hidden.includes(f.field) && f.values <= 1), 'hidden fields are left out without --all')

    const firefox = await strip(store, { context: CONTEXT, conditions: [parseCondition('ua.family=Firefox')], fields: ['src_ip', 'user_key'] })
    assert.ok(firefox.find((f) => f.field === 'src_ip')!.top.some((v) => v.value?.startsWith('198.51.100.')), 'Firefox came from the public mobile addresses')

    const baseline = await strip(store, { context: emptyContext(), baseline: { 'ua.family': ['Firefox', 'Outl*'] }, fields: ['ua.family'], all: true })
    assert.ok(baseline[0]!.top.filter((v) => v.value === 'Firefox' || v.value === 'Outlook').every((v) => v.known), 'baseline values and patterns are known')
  } finally {
    await store.close()
  }
})
