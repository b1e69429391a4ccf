// Property names that only Exchange cmdlets' objects carry: they make sniffing sure of PowerShell
// output (a generic `Name : value` text is still read, with less confidence).
const KNOWN = new Set(
  [
    'ItemEntryId', 'EventName', 'ClientCategory', 'PrincipalName', 'MailboxGuid', // Get-DatabaseEvent
    'EventId', 'MessageId', 'InternalMessageId', 'SourceContext', 'Recipients', 'ServerHostname', // Get-MessageTrackingLog
    'Operation', 'LogonType', 'ClientInfoString', 'ClientIPAddress', 'MailboxOwnerUPN', 'LastAccessed', // audit logs
    'AuditData', 'CreationDate', 'UserIds', 'Operations', 'RecordType', // unified audit log
  ].map((n) => n.toLowerCase()),
)

export function looksLikeKnownCmdlet(names: readonly string[]): boolean {
  let known = 0
  for (const name of names) if (KNOWN.has(name.trim().toLowerCase())) known++
  return known >= 2
}
