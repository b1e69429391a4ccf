// Writes the mailbox server's evidence of the bundled ghost-mail case (examples/ghost-mail/exmbx01):
// the store's EventHistory of patient zero's mailbox as `Get-DatabaseEvent | fl > file` prints it, and
// the message tracking logs of the same hours. The CAS nodes' IIS logs (cas01, cas02) are not written
// here: they were written by hand and are kept as they are.
//
//   node examples/generate-ghost-mail.mjs
//
// Plain JavaScript, outside tsconfig and `npm test`; deterministic (same bytes on every run). The
// Format-List layout follows test/formats/powershell/fixtures/FIXTURES.md (Windows PowerShell 5.1,
// en-US, 80-column console: lines of at most 79 characters, labels padded to the longest name, an id
// wider than the value column cut at the column width, CRLF, 2 blank lines before the first record,
// 1 between records, 3 after the last). Every value here is a single word or a short text, so no word
// wrapping is needed.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const OUT = path.join(HERE, 'ghost-mail', 'exmbx01')
const CRLF = '\r\n'

// ---------------------------------------------------------------------------------------------------
// The story (times in UTC; see examples/README.md). Patient zero is ACME\cmoreno: at night, through the
// mobile publication (198.51.100.25) with Firefox, the attacker creates a mail in Drafts (t = 0), sends
// it (t + 5 min) and deletes it (t + 6 min), all through OWA: the CAS log lines CreateItem 01:14:00,
// CreateItem (send) 01:19:00 and DeleteItem 01:20:00.
const ACME_SID = 'S-1-5-21-1844237615-456182656-1263287614'
const CMORENO_SID = `${ACME_SID}-5231`
const MAILBOX_GUID = '3e9b1d47-6c2a-4f85-b0d3-8a7e5c4f1b26'
const MDB_GUID = 'b8d3e1f0-6a2c-4e9b-9d47-1c5e8a3f2b60'
const PROVIDER = '7C2E9A41D05B4F6E8A1B3C5D7E9F0A2B'
const REPLICA = 'E41A7C9B2D3F4E5A8B6C0D1E2F3A4B5C'
const folderEid = (globcnt) => '00000000' + PROVIDER + '0100' + REPLICA + globcnt + '0000'
const messageEid = (folderGlobcnt, msgGlobcnt) =>
  '00000000' + PROVIDER + '0700' + REPLICA + folderGlobcnt + '0000' + REPLICA + msgGlobcnt + '0000'
const dashed = (hex) => hex.match(/../g).join('-')
const GC_INBOX = '00000000000C'
const GC_DRAFTS = '000000000010'
const GHOST = messageEid(GC_DRAFTS, '0000004B2E91') // 70 bytes: 209 characters dashed
const NEWSLETTER = messageEid(GC_INBOX, '0000004B2A07')
const INTERNAL = messageEid(GC_INBOX, '0000004B3310')
const INBOX = folderEid(GC_INBOX)
const DRAFTS = folderEid(GC_DRAFTS)

const GHOST_MSGID = '<9c4e2a7f1b3d4e8fa6c5d2e1f0a9b8c7@EXMBX01.acme.local>'
const GHOST_NETID = '7b2e9c14-5d3a-4f6b-8e1c-2a9d4f7b6e35'
const GHOST_SUBJECT = 'Factura "urgente" pendiente de pago'
const GHOST_TO = ['jlopez@acme.example', 'lruiz@acme.example', 'facturacion@pagos-proveedor.example']
const NEWS_MSGID = '<20260311004702.5C1E9B7A@mail.boletines.example>'
const NEWS_NETID = '1f4a7d2c-9e3b-4c5d-8a6f-0b1c2d3e4f5a'
const INTERNAL_MSGID = '<a81f3c5e7b9d4f21b3c4d5e6f7a8b9c0@EXMBX01.acme.local>'
const INTERNAL_NETID = '5c8e1a3b-7d9f-4b2c-a4e6-8f0a1b2c3d4e'

const SUBMIT_COUNTER = 51873302

// Get-DatabaseEvent, property order of the class; CreateTime printed as the UTC wall clock.
const dbEvents = [
  { Counter: 51860114, CreateTime: '2026-03-11T00:47:03Z', EventName: 'NewMail', Flags: 'None', ItemEntryId: NEWSLETTER, ParentEntryId: INBOX, ClientCategory: 'Transport', PrincipalName: 'NT AUTHORITY\\SYSTEM', PrincipalSid: 'S-1-5-18', DocumentId: 88410 },
  { Counter: 51873251, CreateTime: '2026-03-11T01:14:01Z', EventName: 'ObjectCreated', Flags: 'None', ItemEntryId: GHOST, ParentEntryId: DRAFTS, ClientCategory: 'OWA', PrincipalName: 'ACME\\cmoreno', PrincipalSid: CMORENO_SID, DocumentId: 88431 },
  { Counter: SUBMIT_COUNTER, CreateTime: '2026-03-11T01:19:01Z', EventName: 'MailSubmitted', Flags: 'None', ItemEntryId: GHOST, ParentEntryId: DRAFTS, ClientCategory: 'OWA', PrincipalName: 'ACME\\cmoreno', PrincipalSid: CMORENO_SID, DocumentId: 88431 },
  { Counter: 51873340, CreateTime: '2026-03-11T01:20:01Z', EventName: 'ObjectDeleted', Flags: 'SoftDeleted', ItemEntryId: GHOST, ParentEntryId: DRAFTS, ClientCategory: 'OWA', PrincipalName: 'ACME\\cmoreno', PrincipalSid: CMORENO_SID, DocumentId: 88431 },
  { Counter: 51881975, CreateTime: '2026-03-11T08:58:30Z', EventName: 'ObjectModified', Flags: 'None', ItemEntryId: NEWSLETTER, ParentEntryId: INBOX, ClientCategory: 'AirSync', PrincipalName: 'ACME\\cmoreno', PrincipalSid: CMORENO_SID, DocumentId: 88410 },
  { Counter: 51884602, CreateTime: '2026-03-11T09:30:06Z', EventName: 'NewMail', Flags: 'None', ItemEntryId: INTERNAL, ParentEntryId: INBOX, ClientCategory: 'Transport', PrincipalName: 'NT AUTHORITY\\SYSTEM', PrincipalSid: 'S-1-5-18', DocumentId: 88502 },
  { Counter: 51886113, CreateTime: '2026-03-11T09:51:40Z', EventName: 'ObjectModified', Flags: 'None', ItemEntryId: INTERNAL, ParentEntryId: INBOX, ClientCategory: 'OWA', PrincipalName: 'ACME\\cmoreno', PrincipalSid: CMORENO_SID, DocumentId: 88502 },
]

const pad2 = (n) => String(n).padStart(2, '0')
function enUs(iso) {
  const d = new Date(iso)
  const h = d.getUTCHours()
  const h12 = h % 12 === 0 ? 12 : h % 12
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`
}

function dbEventProperties(e) {
  return [
    ['Counter', String(e.Counter)],
    ['CreateTime', enUs(e.CreateTime)],
    ['ItemType', 'MAPI_MESSAGE'],
    ['EventName', e.EventName],
    ['Flags', e.Flags],
    ['MailboxGuid', MAILBOX_GUID],
    ['ObjectClass', 'IPM.Note'],
    ['ItemEntryId', dashed(e.ItemEntryId)],
    ['ParentEntryId', dashed(e.ParentEntryId)],
    ['OldItemEntryId', ''],
    ['OldParentEntryId', ''],
    ['ItemCount', '0'],
    ['UnreadItemCount', '0'],
    ['ExtendedFlags', '0'],
    ['ClientCategory', e.ClientCategory],
    ['PrincipalName', e.PrincipalName],
    ['PrincipalSid', e.PrincipalSid],
    ['Server', 'EXMBX01'],
    ['Database', 'MBX-DB01'],
    ['IsDatabaseCopyActive', 'True'],
    ['DocumentId', String(e.DocumentId)],
    ['UnifiedMailboxGuid', ''],
  ]
}

function formatList(records, width) {
  const lines = ['', '']
  for (const properties of records) {
    const label = Math.max(...properties.map(([name]) => name.length))
    const field = width - label - 3
    for (const [name, value] of properties) {
      if (value.includes(' ') && value.length > field) throw new Error(`word wrap not implemented: ${name}`)
      const pieces = value === '' ? [''] : value.match(new RegExp(`.{1,${field}}`, 'g'))
      pieces.forEach((piece, i) => lines.push((i === 0 ? `${name.padEnd(label)} : ` : ' '.repeat(label + 3)) + piece))
    }
    lines.push('')
  }
  lines.push('', '')
  return lines.join(CRLF) + CRLF
}

// ---------------------------------------------------------------------------------------------------
// Message tracking (Exchange 2016/2019 layout): MSGTRK (transport: RECEIVE, SEND), MSGTRKMS (mailbox
// submission: SUBMIT, whose source-context names the store event) and MSGTRKMD (mailbox delivery).
const FIELDS = [
  'date-time', 'client-ip', 'client-hostname', 'server-ip', 'server-hostname', 'source-context', 'connector-id', 'source',
  'event-id', 'internal-message-id', 'message-id', 'network-message-id', 'recipient-address', 'recipient-status',
  'total-bytes', 'recipient-count', 'related-recipient-address', 'reference', 'message-subject', 'sender-address',
  'return-path', 'message-info', 'directionality', 'tenant-id', 'original-client-ip', 'original-server-ip', 'custom-data',
  'transport-traffic-type', 'log-id', 'schema-version',
]
const VERSION = '15.02.1118.007'
const csv = (v) => (v === undefined || v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v))
function trackingLog(rows, logType, first) {
  const header = [
    '#Software: Microsoft Exchange Server',
    `#Version: ${VERSION}`,
    `#Log-type: ${logType}`,
    `#Date: ${first}`,
    `#Fields: ${FIELDS.join(',')}`,
  ]
  const lines = rows.map((r) => FIELDS.map((f) => csv(r[f])).join(','))
  return [...header, ...lines].join(CRLF) + CRLF
}
const common = (netId) => ({ 'transport-traffic-type': 'Email', 'log-id': netId, 'schema-version': VERSION })

const submissions = [
  {
    'date-time': '2026-03-11T01:19:02.114Z', 'client-hostname': 'EXMBX01', 'server-hostname': 'EXMBX01',
    'source-context': `MDB:${MDB_GUID}, Mailbox:${MAILBOX_GUID}, Event:${SUBMIT_COUNTER}, MessageClass:IPM.Note, CreationTime:2026-03-11T01:19:01.000Z, ClientType:OWA`,
    source: 'STOREDRIVER', 'event-id': 'SUBMIT', 'message-id': GHOST_MSGID, 'network-message-id': GHOST_NETID,
    'message-subject': GHOST_SUBJECT, 'sender-address': 'cmoreno@acme.example', 'return-path': 'cmoreno@acme.example', directionality: 'Originating',
    ...common(GHOST_NETID),
  },
  {
    'date-time': '2026-03-11T09:30:01.502Z', 'client-hostname': 'EXMBX01', 'server-hostname': 'EXMBX01',
    'source-context': `MDB:${MDB_GUID}, Mailbox:0d6f2b8a-4e1c-4a9d-b7e3-5c2f8a1d9e60, Event:51884571, MessageClass:IPM.Note, CreationTime:2026-03-11T09:30:00.000Z, ClientType:MOMT`,
    source: 'STOREDRIVER', 'event-id': 'SUBMIT', 'message-id': INTERNAL_MSGID, 'network-message-id': INTERNAL_NETID,
    'message-subject': 'Reunión de seguimiento', 'sender-address': 'mgarcia@acme.example', 'return-path': 'mgarcia@acme.example', directionality: 'Originating',
    ...common(INTERNAL_NETID),
  },
]

const transport = [
  {
    'date-time': '2026-03-11T00:47:01.870Z', 'client-ip': '203.0.113.77', 'client-hostname': 'mail.boletines.example', 'server-ip': '10.0.1.21', 'server-hostname': 'EXMBX01',
    'source-context': '08DE61A2B3C4D5E6;2026-03-11T00:47:01.410Z;0', 'connector-id': 'EXMBX01\\Default Frontend EXMBX01', source: 'SMTP', 'event-id': 'RECEIVE',
    'internal-message-id': '38654705664001', 'message-id': NEWS_MSGID, 'network-message-id': NEWS_NETID,
    'recipient-address': 'cmoreno@acme.example;sgomez@acme.example', 'total-bytes': 51233, 'recipient-count': 2,
    'message-subject': 'Resumen semanal', 'sender-address': 'newsletter@boletines.example', 'return-path': 'bounces@boletines.example',
    'message-info': '0cI:', directionality: 'Incoming', 'original-client-ip': '203.0.113.77', 'original-server-ip': '10.0.1.21',
    'custom-data': 'S:DeliveryPriority=Normal', ...common(NEWS_NETID),
  },
  {
    'date-time': '2026-03-11T01:19:02.871Z', 'client-ip': '10.0.1.21', 'client-hostname': 'EXMBX01.acme.local', 'server-ip': '10.0.1.21', 'server-hostname': 'EXMBX01',
    'source-context': '08DE61A2B3C4D5F1;250 2.0.0 OK;ClientSubmitTime:2026-03-11T01:19:01.000Z', 'connector-id': 'EXMBX01\\Default EXMBX01', source: 'SMTP', 'event-id': 'RECEIVE',
    'internal-message-id': '38654705664117', 'message-id': GHOST_MSGID, 'network-message-id': GHOST_NETID,
    'recipient-address': GHOST_TO.join(';'), 'total-bytes': 8114, 'recipient-count': 3,
    'message-subject': GHOST_SUBJECT, 'sender-address': 'cmoreno@acme.example', 'return-path': 'cmoreno@acme.example',
    'message-info': '0cI:', directionality: 'Originating', 'original-client-ip': '10.0.1.21', 'original-server-ip': '10.0.1.21',
    'custom-data': 'S:FirstForestHop=EXMBX01.acme.local;S:DeliveryPriority=Normal', ...common(GHOST_NETID),
  },
  {
    'date-time': '2026-03-11T01:19:04.392Z', 'client-ip': '10.0.1.21', 'client-hostname': 'EXMBX01', 'server-ip': '192.0.2.80', 'server-hostname': 'mx01.pagos-proveedor.example',
    'source-context': `08DE61A2B3C4D5F2;250 2.6.0 ${GHOST_MSGID} Queued mail for delivery;ClientSubmitTime:2026-03-11T01:19:01.000Z`, 'connector-id': 'Internet Send Connector', source: 'SMTP', 'event-id': 'SEND',
    'internal-message-id': '38654705664117', 'message-id': GHOST_MSGID, 'network-message-id': GHOST_NETID,
    'recipient-address': 'facturacion@pagos-proveedor.example', 'recipient-status': `250 2.6.0 ${GHOST_MSGID} Queued mail for delivery`, 'total-bytes': 8114, 'recipient-count': 1,
    reference: GHOST_MSGID, 'message-subject': GHOST_SUBJECT, 'sender-address': 'cmoreno@acme.example', 'return-path': 'cmoreno@acme.example',
    'message-info': '2026-03-11T01:19:02.871Z;SRV=EXMBX01.acme.local:TOTAL-SUB=0.412|SMR=0.401', directionality: 'Originating',
    'original-client-ip': '10.0.1.21', 'original-server-ip': '192.0.2.80', 'custom-data': 'S:E2ELatency=1.521;S:ExternalSendLatency=0.388', ...common(GHOST_NETID),
  },
  {
    'date-time': '2026-03-11T09:30:02.040Z', 'client-ip': '10.0.1.21', 'client-hostname': 'EXMBX01.acme.local', 'server-ip': '10.0.1.21', 'server-hostname': 'EXMBX01',
    'source-context': '08DE61A2B3C4D7A0;250 2.0.0 OK;ClientSubmitTime:2026-03-11T09:30:00.000Z', 'connector-id': 'EXMBX01\\Default EXMBX01', source: 'SMTP', 'event-id': 'RECEIVE',
    'internal-message-id': '38654705664290', 'message-id': INTERNAL_MSGID, 'network-message-id': INTERNAL_NETID,
    'recipient-address': 'cmoreno@acme.example', 'total-bytes': 23877, 'recipient-count': 1,
    'message-subject': 'Reunión de seguimiento', 'sender-address': 'mgarcia@acme.example', 'return-path': 'mgarcia@acme.example',
    'message-info': '0cI:', directionality: 'Originating', 'original-client-ip': '10.0.1.21', 'original-server-ip': '10.0.1.21',
    'custom-data': 'S:FirstForestHop=EXMBX01.acme.local;S:DeliveryPriority=Normal', ...common(INTERNAL_NETID),
  },
]

const deliveries = [
  { ts: '2026-03-11T00:47:03.215Z', msgid: NEWS_MSGID, netid: NEWS_NETID, imid: '38654705664001', to: 'cmoreno@acme.example;sgomez@acme.example', n: 2, bytes: 51233, subject: 'Resumen semanal', from: 'newsletter@boletines.example', ret: 'bounces@boletines.example', dir: 'Incoming' },
  { ts: '2026-03-11T01:19:03.640Z', msgid: GHOST_MSGID, netid: GHOST_NETID, imid: '38654705664117', to: 'jlopez@acme.example;lruiz@acme.example', n: 2, bytes: 8114, subject: GHOST_SUBJECT, from: 'cmoreno@acme.example', ret: 'cmoreno@acme.example', dir: 'Originating' },
  { ts: '2026-03-11T09:30:05.902Z', msgid: INTERNAL_MSGID, netid: INTERNAL_NETID, imid: '38654705664290', to: 'cmoreno@acme.example', n: 1, bytes: 23877, subject: 'Reunión de seguimiento', from: 'mgarcia@acme.example', ret: 'mgarcia@acme.example', dir: 'Originating' },
].map((d) => ({
  'date-time': d.ts, 'client-ip': '10.0.1.21', 'client-hostname': 'EXMBX01', 'server-hostname': 'EXMBX01', source: 'STOREDRIVER', 'event-id': 'DELIVER',
  'internal-message-id': d.imid, 'message-id': d.msgid, 'network-message-id': d.netid, 'recipient-address': d.to, 'recipient-status': Array(d.n).fill('').join(';'),
  'total-bytes': d.bytes, 'recipient-count': d.n, 'message-subject': d.subject, 'sender-address': d.from, 'return-path': d.ret,
  'message-info': d.ts.replace(/\.\d+Z$/, '.000Z'), directionality: d.dir, 'custom-data': 'S:MailboxDatabaseName=MBX-DB01;S:DatabaseHealth=-1', ...common(d.netid),
}))

// ---------------------------------------------------------------------------------------------------
function write(relative, text) {
  const file = path.join(OUT, relative)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}
write('databaseevent-cmoreno.txt', formatList(dbEvents.map(dbEventProperties), 79))
write(path.join('MessageTracking', 'MSGTRK2026031100-1.LOG'), trackingLog(transport, 'Message Tracking Log', '2026-03-11T00:47:01.870Z'))
write(path.join('MessageTracking', 'MSGTRKMS2026031101-1.LOG'), trackingLog(submissions, 'Message Tracking Log', '2026-03-11T01:19:02.114Z'))
write(path.join('MessageTracking', 'MSGTRKMD2026031100-1.LOG'), trackingLog(deliveries, 'Message Tracking Log', '2026-03-11T00:47:03.215Z'))
console.log(`wrote ${path.relative(process.cwd(), OUT)}: EventHistory (${dbEvents.length} events), message tracking (${transport.length + submissions.length + deliveries.length} events); ghost mail ItemEntryId ${GHOST}`)
