// One Windows event as every Windows source gives it (an EVTX record, a `wevtutil qe /f:xml`
// export, an Event Viewer CSV row): the System fields and the event's own data, before it is
// normalised into an exhunt event (winevt-event.ts).

export interface WindowsEvent {
  /** System/Provider/@Name (Microsoft-Windows-Security-Auditing, MSExchangeTransport, ...). */
  provider: string
  providerGuid?: string
  /** System/EventID, without its Qualifiers. */
  eventId: number
  qualifiers?: number
  version?: number
  level?: number
  task?: number
  opcode?: number
  /** System/Keywords as written (0x8020000000000000). */
  keywords?: string
  /** System/TimeCreated/@SystemTime as a UTC instant in milliseconds. */
  timeCreated?: number
  /** System/EventRecordID. */
  recordId?: number
  activityId?: string
  processId?: number
  threadId?: number
  channel?: string
  computer?: string
  /** System/Security/@UserID (a SID). */
  userSid?: string
  /**
   * EventData/Data values in order, by their Name attribute; unnamed values (classic events such
   * as the Application log's MSExchange ones) are named by position: `Data1`, `Data2`, ...
   * UserData children are flattened the same way under their element names.
   */
  data: Array<readonly [string, string]>
  /** The event as XML text, as the source gave it or as rendered from the record (evidence). */
  xml: string
}
