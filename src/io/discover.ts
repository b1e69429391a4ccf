// Finds the log files under the paths an investigator names: folders are walked, .gz files are
// decompressed, .zip members are read one by one. Evidence is only ever opened read-only.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'
import { hostHintFromPath } from './host-hint.js'

export interface InputSource {
  kind: 'source'
  /** What the investigator sees: a file path, `archive.zip!member/path.log` or `file.log.gz`. */
  path: string
  /** Name of the log itself (without .gz), used as a hint by sniffing. */
  fileName: string
  /** Bytes on disk this source accounts for (compressed size for archives), for progress. */
  sizeOnDisk: number
  /** Decompressed size when known without reading (plain files, zip members). */
  exactSize?: number
  hostHint?: string
  /** The decompressed bytes of the log, opened read-only. */
  open(): Promise<Readable>
}

export interface DiscoveryError {
  kind: 'error'
  path: string
  message: string
}

export type Discovered = InputSource | DiscoveryError

/** Sizes on disk of everything under the paths, for a progress bar's total. */
export async function totalSizeOnDisk(paths: readonly string[]): Promise<number> {
  let total = 0
  for (const p of paths) {
    for await (const file of walk(p)) {
      try {
        total += (await fs.promises.stat(file)).size
      } catch {
        // reported when the file is read
      }
    }
  }
  return total
}

export async function* discover(paths: readonly string[]): AsyncGenerator<Discovered> {
  for (const root of paths) {
    let stat: fs.Stats
    try {
      stat = await fs.promises.stat(root)
    } catch (error) {
      yield { kind: 'error', path: root, message: `cannot read: ${(error as Error).message}` }
      continue
    }
    const base = stat.isDirectory() ? root : path.dirname(root)
    for await (const file of walk(root)) yield* sourcesOf(file, base)
  }
}

async function* walk(p: string): AsyncGenerator<string> {
  let stat: fs.Stats
  try {
    stat = await fs.promises.lstat(p)
  } catch {
    yield p // let the reader report it
    return
  }
  if (stat.isSymbolicLink()) {
    try {
      stat = await fs.promises.stat(p)
    } catch {
      yield p
      return
    }
  }
  if (!stat.isDirectory()) {
    yield p
    return
  }
  const entries = (await fs.promises.readdir(p)).sort()
  for (const entry of entries) yield* walk(path.join(p, entry))
}

async function* sourcesOf(file: string, root: string): AsyncGenerator<Discovered> {
  let size: number
  try {
    size = (await fs.promises.stat(file)).size
  } catch (error) {
    yield { kind: 'error', path: file, message: `cannot read: ${(error as Error).message}` }
    return
  }
  const lower = file.toLowerCase()
  const hostHint = hostHintFromPath(file, root)
  if (lower.endsWith('.zip')) {
    yield* zipMembers(file, size, root)
    return
  }
  if (lower.endsWith('.gz')) {
    yield {
      kind: 'source',
      path: file,
      fileName: path.basename(file).slice(0, -3),
      sizeOnDisk: size,
      ...(hostHint === undefined ? {} : { hostHint }),
      open: async () => fs.createReadStream(file, { flags: 'r' }).pipe(zlib.createGunzip()),
    }
    return
  }
  yield {
    kind: 'source',
    path: file,
    fileName: path.basename(file),
    sizeOnDisk: size,
    exactSize: size,
    ...(hostHint === undefined ? {} : { hostHint }),
    // Large reads for large files; a small file must not cost an 8 MB buffer.
    open: async () => fs.createReadStream(file, { flags: 'r', highWaterMark: Math.min(8 << 20, Math.max(64 << 10, size)) }),
  }
}

async function* zipMembers(file: string, size: number, root: string): AsyncGenerator<Discovered> {
  let zip: yauzl.ZipFile
  try {
    zip = await openZip(file)
  } catch (error) {
    yield { kind: 'error', path: file, message: `not a readable zip archive: ${(error as Error).message}` }
    return
  }
  try {
    const entries = await readEntries(zip)
    const members = entries.filter((e) => !e.fileName.endsWith('/'))
    const totalCompressed = members.reduce((sum, e) => sum + e.compressedSize, 0) || 1
    for (const entry of members) {
      const memberPath = `${file}!${entry.fileName}`
      const memberLower = entry.fileName.toLowerCase()
      if (memberLower.endsWith('.zip')) {
        yield { kind: 'error', path: memberPath, message: 'zip inside a zip is not read: extract the outer archive first' }
        continue
      }
      const gz = memberLower.endsWith('.gz')
      const baseName = path.posix.basename(entry.fileName)
      // The member's folders inside the archive say as much about the host as real folders do.
      const hostHint = hostHintFromPath(path.join(path.dirname(file), entry.fileName), root)
      yield {
        kind: 'source',
        path: memberPath,
        fileName: gz ? baseName.slice(0, -3) : baseName,
        sizeOnDisk: Math.round((size * entry.compressedSize) / totalCompressed),
        ...(gz ? {} : { exactSize: entry.uncompressedSize }),
        ...(hostHint === undefined ? {} : { hostHint }),
        open: async () => {
          const stream = await openEntry(zip, entry)
          return gz ? stream.pipe(zlib.createGunzip()) : stream
        },
      }
    }
  } catch (error) {
    yield { kind: 'error', path: file, message: `damaged zip archive: ${(error as Error).message}` }
  } finally {
    zip.close()
  }
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (error, zip) => {
      if (error || zip === undefined) reject(error ?? new Error('cannot open'))
      else resolve(zip)
    })
  })
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = []
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry)
      zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', reject)
    zip.readEntry()
  })
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || stream === undefined) reject(error ?? new Error('cannot read member'))
      else resolve(stream)
    })
  })
}
