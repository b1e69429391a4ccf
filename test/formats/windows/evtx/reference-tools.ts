// The reference EVTX readers the tests compare against, from Debian: python-evtx (python3-evtx,
// evtx_dump.py) and libevtx (libevtx-utils, evtxexport). A missing tool skips the test with a
// message; under CI=true (where .ci/run installs both) it fails instead.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import type { TestContext } from 'node:test'

export function requireTool(t: TestContext, command: string, debianPackage: string): boolean {
  if (spawnSync('sh', ['-c', `command -v ${command}`]).status === 0) return true
  const message = `${command} not found (apt-get install ${debianPackage})`
  if (process.env.CI === 'true') throw new Error(`reference tool missing under CI: ${message}`)
  t.skip(message)
  return false
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
    const out: Buffer[] = []
    let err = ''
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', reject)
    child.on('close', (status) => {
      if (status === 0) resolve(Buffer.concat(out).toString('utf8'))
      else reject(new Error(`${command} ${args.join(' ')} exited ${status}: ${err.slice(-500)}`))
    })
  })
}

/**
 * python-evtx's rendering of every record, keyed by the record's file offset. It is what
 * evtx_dump.py prints (Evtx.Views.evtx_record_xml_view for each record of each chunk), but a record
 * python-evtx fails on is noted with its error and the file goes on, where evtx_dump.py would stop.
 */
const PYTHON_DRIVER = `
import sys
from Evtx.Evtx import Evtx
from Evtx.Views import evtx_record_xml_view
out = sys.stdout
with Evtx(sys.argv[1]) as log:
    for chunk in log.chunks():
        records = chunk.records()
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as e:
                out.write('\\x1f%d chunk %s: %s\\n' % (chunk._offset, type(e).__name__, str(e)[:200].replace('\\n', ' ')))
                break
            try:
                xml = evtx_record_xml_view(record)
            except Exception as e:
                out.write('\\x1f%d %s: %s\\n' % (record._offset, type(e).__name__, str(e)[:200].replace('\\n', ' ')))
                continue
            out.write('\\x1e%d\\n%s\\n' % (record._offset, xml))
`

export interface PythonRecord {
  readonly offset: number
  /** The record's XML, or undefined when python-evtx failed on it. */
  readonly xml?: string
  readonly error?: string
}

/** The Python that evtx_dump.py runs with (its #! line), which is the one that has the Evtx module. */
function pythonOfEvtxDump(): string {
  const script = spawnSync('sh', ['-c', 'command -v evtx_dump.py'], { encoding: 'utf8' }).stdout.trim()
  const shebang = /^#!\s*(\S+)/.exec(fs.readFileSync(script, 'utf8').split('\n', 1)[0] ?? '')
  return shebang?.[1] ?? 'python3'
}

export async function pythonEvtxRecords(file: string): Promise<PythonRecord[]> {
  const out = await run(pythonOfEvtxDump(), ['-c', PYTHON_DRIVER, file], { ...process.env, PYTHONIOENCODING: 'utf-8' })
  const records: PythonRecord[] = []
  for (const part of out.split(/(?=[\x1e\x1f])/)) {
    if (part.startsWith('\x1e')) {
      const nl = part.indexOf('\n')
      records.push({ offset: Number(part.slice(1, nl)), xml: part.slice(nl + 1).replace(/\n$/, '') })
    } else if (part.startsWith('\x1f')) {
      const space = part.indexOf(' ')
      records.push({ offset: Number(part.slice(1, space)), error: part.slice(space + 1).trim() })
    }
  }
  return records
}

/**
 * How many records libevtx counts in a file (evtxinfo, from the same package as evtxexport: evtxexport
 * itself stops at the first record it cannot render, e.g. record 24 of the CAPI2 sample).
 */
export async function libevtxCount(file: string): Promise<number> {
  const out = await run('evtxinfo', [file])
  const m = /Number of records\s*:\s*(\d+)/.exec(out)
  if (m === null) throw new Error(`evtxinfo ${file}: no record count in ${JSON.stringify(out.slice(0, 300))}`)
  return Number(m[1])
}

/** Runs `work` over `items` with at most `concurrency` at a time; the promises come back in order. */
export function pool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Array<Promise<R>> {
  let active = 0
  const waiting: Array<() => void> = []
  const acquire = (): Promise<void> => {
    if (active < concurrency) {
      active++
      return Promise.resolve()
    }
    return new Promise((resolve) => waiting.push(resolve))
  }
  const release = (): void => {
    const next = waiting.shift()
    if (next !== undefined) next()
    else active--
  }
  return items.map((item) => {
    const result = acquire().then(() => work(item)).finally(release)
    result.catch(() => undefined) // rejections are seen where the result is awaited
    return result
  })
}
