// Store events like those `Get-DatabaseEvent | fl` printed in the ghost-mail story: the same message
// created, submitted and deleted through OWA, and one unrelated event. The ItemEntryId is a 70-byte
// long-term entry id written as dash-separated hex: 209 characters, wider than any console.

function entryId(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('-')
}

function bytesFrom(seed: number, count: number): number[] {
  const out: number[] = []
  let x = seed
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    out.push((x >> 16) & 0xff)
  }
  return out
}

// Flags (4 zero bytes), then the provider, folder and message parts.
export const GHOST_ITEM_ENTRY_ID = entryId([0, 0, 0, 0, 0x5a, 0x3b, ...bytesFrom(7, 64)])
export const GHOST_PARENT_ENTRY_ID = entryId([0, 0, 0, 0, 0x5a, 0x3b, ...bytesFrom(11, 40)])
export const OTHER_ITEM_ENTRY_ID = entryId([0, 0, 0, 0, 0x71, 0x0c, ...bytesFrom(23, 64)])

function event(counter: number, time: string, name: string, itemEntryId: string, clientCategory: string) {
  return [
    ['RunspaceId', '4b1f0c2e-8a3d-4e6f-9b21-7c5d3e2a1f00'],
    ['Counter', String(counter)],
    ['CreateTime', time],
    ['ItemType', 'MAPI_MESSAGE'],
    ['EventName', name],
    ['Flags', 'None'],
    ['MailboxGuid', '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a'],
    ['ObjectClass', 'IPM.Note'],
    ['ItemEntryId', itemEntryId],
    ['ParentEntryId', GHOST_PARENT_ENTRY_ID],
    ['OldItemEntryId', ''],
    ['OldParentEntryId', ''],
    ['ItemCount', '0'],
    ['UnreadItemCount', '0'],
    ['ClientCategory', clientCategory],
    ['PrincipalSid', 'S-1-5-21-3623811015-3361044348-30300820-1013'],
  ] as const
}

export const EVENT_HISTORY = [
  event(1234567, '11/03/2026 08:15:02', 'ObjectCreated', GHOST_ITEM_ENTRY_ID, 'OWA'),
  event(1234571, '11/03/2026 08:20:11', 'MailSubmitted', GHOST_ITEM_ENTRY_ID, 'OWA'),
  event(1234575, '11/03/2026 08:21:40', 'ObjectDeleted', GHOST_ITEM_ENTRY_ID, 'OWA'),
  event(1234590, '11/03/2026 09:02:17', 'ObjectCreated', OTHER_ITEM_ENTRY_ID, 'MoMT'),
]
