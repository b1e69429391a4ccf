// One account key for the many ways a user name is written: ACME\jdoe, jdoe@acme.example and jdoe
// all become "jdoe", so that records of one person meet across logs. The domain is kept apart.

export interface Account {
  user_name: string
  user_domain?: string
  user_key: string
}

/** Parses DOMAIN\user, user@domain (UPN) or a bare name; undefined for empty values ('-', ''). */
export function parseAccount(written: string | undefined): Account | undefined {
  if (written === undefined) return undefined
  const name = written.trim()
  if (name === '' || name === '-') return undefined
  const backslash = name.indexOf('\\')
  if (backslash > 0 && backslash < name.length - 1) {
    const user = name.slice(backslash + 1)
    return { user_name: name, user_domain: name.slice(0, backslash), user_key: accountKey(user) }
  }
  const at = name.lastIndexOf('@')
  if (at > 0 && at < name.length - 1) {
    return { user_name: name, user_domain: name.slice(at + 1), user_key: accountKey(name.slice(0, at)) }
  }
  return { user_name: name, user_key: accountKey(name) }
}

function accountKey(user: string): string {
  // Exchange writes some names URL-encoded (jdoe%40acme.example in EAS queries).
  return user.toLowerCase()
}

/** The account columns of an event, from a name as written (nothing when there is none). */
export function assignAccount(event: { user_name?: string; user_domain?: string; user_key?: string }, written: string | undefined): void {
  const account = parseAccount(written)
  if (account === undefined) return
  event.user_name = account.user_name
  if (account.user_domain !== undefined) event.user_domain = account.user_domain
  event.user_key = account.user_key
}
