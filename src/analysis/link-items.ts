// Ties message tracking's submissions to the item they submitted. A SUBMIT record names the store
// event that raised it (source-context `Event:<counter>`, `Mailbox:<guid>`), and the store's
// EventHistory (Get-DatabaseEvent) gives that event's ItemEntryId: with both in the case, the SUBMIT
// gets the item's `item_id`, so the item's life reads across sources. Derived data, recomputed after
// each ingest; the counters themselves stay in fields['exhunt.store_event'].
import { STORE_EVENT_FIELD } from '../model/item-id.js'
import type { Store } from '../store/store.js'

const FIELD = `'$."${STORE_EVENT_FIELD}"'`

export async function linkSubmissionsToItems(store: Store): Promise<number> {
  const rows = await store.query(`
    UPDATE parsed_events AS m SET item_id = d.item_id
    FROM (
      SELECT json_extract_string(fields, ${FIELD}) AS counter, lower(json_extract_string(fields, '$.MailboxGuid')) AS mailbox,
        min(item_id) AS item_id
      FROM events
      WHERE dataset = 'db_event' AND item_id IS NOT NULL AND json_extract_string(fields, ${FIELD}) IS NOT NULL
      GROUP BY ALL
    ) d
    WHERE m.dataset = 'msgtrk' AND m.item_id IS NULL
      AND json_extract_string(m.fields, ${FIELD}) = d.counter
      AND lower(json_extract_string(m.fields, '$."source-context.Mailbox"')) = d.mailbox`)
  return Number(rows[0]?.Count ?? rows[0]?.count ?? 0)
}
