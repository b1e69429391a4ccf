// One event record read from an EVTX file.
import type { WindowsEvent } from '../windows-event.js'

export interface EvtxRecord {
  /** The event record identifier from the record header (EventRecordID as written). */
  readonly recordId: number
  /** 0-based index of the 64 KiB chunk that holds the record. */
  readonly chunk: number
  /**
   * Byte offset of the record in the file: the evidence pointer. exhunt stores it as the record's
   * `line`, because it does not depend on how a reader counts damaged or skipped records and any
   * hex viewer finds the record there (the `**` signature of the record header).
   */
  readonly offset: number
  /** 1-based position of the record among the records read from the file, in file order. */
  readonly ordinal: number
  /** When the record was written (record header FILETIME), UTC milliseconds. */
  readonly writtenTime: number
  readonly event: WindowsEvent
}
