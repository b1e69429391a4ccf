// `npm run bench:evtx`: exhunt's EVTX reader against python-evtx (evtx_dump.py) and libevtx
// (evtxexport) on the same files in the same run: a 2 MB Security log and two other real logs from
// ../shared/realdata, and a larger file made of those logs' chunks one after the other (chunks are
// self-contained, so the result is a valid EVTX; EXHUNT_BENCH_EVTX_MB sets its size, default 32).
// Records per second and peak RSS per reader; asserts nothing about time.
//
// exhunt runs in a child process (this file with --read) so its peak RSS is measured like the
// others'; its records/s counts from the first byte to the last record inside that process (cold:
// the first file a process reads, JIT compilation included; warm: the same file read again, as
// every later file of a folder is), and the child's wall time (process start, both passes) is shown
// too. evtxexport and evtx_dump.py are timed as whole processes, writing to /dev/null.
import fs from 'node:fs'
import path from 'node:path'
import { readEvtx } from '../src/formats/windows/evtx/index.js'
import { measure } from './measure.js'

const ROOT = process.cwd()
const OUT = path.join(ROOT, 'bench', 'out')
const REALDATA = path.resolve(ROOT, '..', 'shared', 'realdata')
const SELF = path.join(ROOT, 'dist', 'bench', 'evtx.bench.js')
const FILES = ['evtx-rs/evtx/security.evtx', 'evtx-rs/evtx/sample-with-irregular-bool-values.evtx', 'deepbluecli/evtx/Powershell-Invoke-Obfuscation-many.evtx']

/** Reads `file` once cold, then again in the same process (JIT warmed, as for the second file of a folder). */
async function readOnly(file: string): Promise<void> {
  const pass = async (): Promise<{ records: number; seconds: number }> => {
    const started = performance.now()
    let records = 0
    for await (const record of readEvtx(fs.createReadStream(file, { highWaterMark: 1 << 16 }), () => undefined)) if (record.event.xml.length > 0) records++
    return { records, seconds: (performance.now() - started) / 1000 }
  }
  const cold = await pass()
  const warm = await pass()
  process.stdout.write(JSON.stringify({ records: cold.records, seconds: cold.seconds, warmSeconds: warm.seconds }))
}

/** A file of `mb` megabytes made of the chunks of `sources`, over and over, with a fresh file header. */
function concatenated(sources: readonly string[], mb: number): string {
  const out = path.join(OUT, `evtx-concat-${mb}MB.evtx`)
  const chunks = sources.flatMap((s) => {
    const b = fs.readFileSync(s)
    const list: Buffer[] = []
    for (let o = 4096; o + 65536 <= b.length; o += 65536) if (b.subarray(o, o + 8).toString('latin1') === 'ElfChnk\0') list.push(b.subarray(o, o + 65536))
    return list
  })
  const count = Math.min(Math.floor((mb * 1e6) / 65536), 0xffff)
  if (fs.existsSync(out) && fs.statSync(out).size === 4096 + count * 65536) return out
  const header = Buffer.from(fs.readFileSync(sources[0]!).subarray(0, 4096))
  header.writeBigUInt64LE(BigInt(count - 1), 16)
  header.writeUInt16LE(count, 42)
  header.writeUInt32LE(0, 120) // clean
  header.writeUInt32LE(crc(header.subarray(0, 120)), 124)
  const fd = fs.openSync(out, 'w')
  fs.writeSync(fd, header)
  for (let i = 0; i < count; i++) fs.writeSync(fd, chunks[i % chunks.length]!)
  fs.closeSync(fd)
  return out
}

function crc(data: Buffer): number {
  let c = ~0
  for (const byte of data) {
    c ^= byte
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  }
  return ~c >>> 0
}

interface Row {
  file: string
  mb: number
  records: number
  exhunt_rec_s: number
  exhunt_warm_rec_s: number
  exhunt_wall_s: number
  exhunt_rss_mb: number | null
  evtxexport_rec_s: number | null
  evtxexport_rss_mb: number | null
  python_evtx_rec_s: number | null
  python_evtx_rss_mb: number | null
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true })
  const sources = FILES.map((f) => path.join(REALDATA, f)).filter((f) => fs.existsSync(f))
  if (sources.length === 0) throw new Error(`no real EVTX files under ${REALDATA}`)
  const big = concatenated(sources, Number(process.env.EXHUNT_BENCH_EVTX_MB ?? 32))
  const rows: Row[] = []
  for (const file of [...sources, big]) {
    const mb = fs.statSync(file).size / 1e6
    const ours = await measure(process.execPath, [SELF, '--read', file])
    const { records, seconds, warmSeconds } = JSON.parse(ours.stdout) as { records: number; seconds: number; warmSeconds: number }
    const lib = await measure('evtxexport', [file], { keepStdout: false }).catch(() => undefined)
    const py = await measure('evtx_dump.py', [file], { keepStdout: false }).catch(() => undefined)
    const rate = (m: { seconds: number; status: number | null } | undefined): number | null => (m === undefined || m.status !== 0 ? null : Math.round(records / m.seconds))
    rows.push({
      file: path.basename(file),
      mb: Number(mb.toFixed(1)),
      records,
      exhunt_rec_s: Math.round(records / seconds),
      exhunt_warm_rec_s: Math.round(records / warmSeconds),
      exhunt_wall_s: Number(ours.seconds.toFixed(2)),
      exhunt_rss_mb: ours.peakRssMb === null ? null : Math.round(ours.peakRssMb),
      evtxexport_rec_s: rate(lib),
      evtxexport_rss_mb: lib?.peakRssMb == null ? null : Math.round(lib.peakRssMb),
      python_evtx_rec_s: rate(py),
      python_evtx_rss_mb: py?.peakRssMb == null ? null : Math.round(py.peakRssMb),
    })
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`)
  }
  console.table(rows)
  fs.writeFileSync(path.join(OUT, 'evtx-results.json'), `${JSON.stringify(rows, null, 2)}\n`)
}

if (process.argv[2] === '--read') await readOnly(process.argv[3]!)
else await main()
