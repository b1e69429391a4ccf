// Windows event log files (.evtx, copied from C:\Windows\System32\winevt\Logs): the binary reader
// of evtx/ behind the pipeline's binary way in, each record normalised like every Windows event.
// A record's `line` is its byte offset in the file (see EvtxRecord.offset).
import type { FormatModule, ProblemCode } from '../format.js'
import { readEvtx, type EvtxProblemCode } from './evtx/index.js'
import { windowsEventToDraft } from './winevt-event.js'

const SIGNATURE = Buffer.from('ElfFile\0', 'latin1')

const PROBLEM_CODES: Record<EvtxProblemCode, ProblemCode> = {
  not_evtx: 'unknown_format',
  file_header_crc: 'checksum',
  file_header_stale: 'dirty',
  truncated: 'truncated',
  chunk_signature: 'damaged',
  chunk_zeroed: 'damaged',
  chunk_header: 'damaged',
  chunk_header_crc: 'checksum',
  chunk_records_crc: 'checksum',
  record_header: 'damaged',
  record_binxml: 'damaged',
}

export const evtxFormat: FormatModule = {
  id: 'evtx',
  description: 'Windows event log file (.evtx): Security, Application, System... (checksums verified, dirty and damaged files recovered)',
  fileNamePatterns: ['*.evtx'],
  samples: [],
  // Recognised by its signature (binary.matches), never by text.
  sniff: () => 0,
  open() {
    throw new Error('EVTX is read as bytes (binary.read), not as lines')
  },
  binary: {
    matches: (head) => head.length >= SIGNATURE.length && head.subarray(0, SIGNATURE.length).equals(SIGNATURE),
    async read(stream, ctx) {
      const records = readEvtx(stream, (p) => {
        const where = `offset ${p.offset}${p.chunk === undefined ? '' : `, chunk ${p.chunk}`}${p.recordId === undefined ? '' : `, record ${p.recordId}`}`
        ctx.problem({ line: p.offset, code: PROBLEM_CODES[p.code], message: `${p.message} (${where}; skipped: ${p.skipped})` })
      })
      for await (const record of records) ctx.emit(windowsEventToDraft(record.event, record.offset, ctx.hostHint))
    },
  },
}
