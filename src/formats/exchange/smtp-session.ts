// What one SMTP protocol log file tells about its sessions beyond single lines: which account a session
// authenticated as (Exchange writes '*,ACME\jdoe,authenticated' once; every later line of the session
// carries the account), and which account a failed AUTH tried (newer builds write
// '*,,Inbound AUTH LOGIN failed because of LogonDenied' and then '*,,User Name: jdoe@acme.example').
// Failed-AUTH records are held back until the next line, so the attempted account lands on them too.
import type { EventDraft } from '../../model/event.js'
import { assignAccount } from '../../model/account.js'

/** More open sessions than this in one file means disconnect lines are missing: the oldest is forgotten. */
const MAX_SESSIONS = 100_000

export class SmtpSessions {
  readonly #users = new Map<string, string>()
  #pending: EventDraft[] = []
  #pendingSession: string | undefined
  readonly #emit: (event: EventDraft) => void

  constructor(emit: (event: EventDraft) => void) {
    this.#emit = emit
  }

  /** The account the session authenticated as, if it did. */
  userOf(session: string): string | undefined {
    return this.#users.get(session)
  }

  authenticated(session: string, user: string): void {
    if (this.#users.size >= MAX_SESSIONS && !this.#users.has(session)) {
      const oldest = this.#users.keys().next().value
      if (oldest !== undefined) this.#users.delete(oldest)
    }
    this.#users.set(session, user)
  }

  closed(session: string): void {
    this.#users.delete(session)
  }

  /** True when failed-AUTH records of this session wait for the account they tried. */
  isPending(session: string | undefined): boolean {
    return this.#pending.length > 0 && session === this.#pendingSession
  }

  /** Holds a failed-AUTH record back until the next line (see the file's head). */
  holdFailure(session: string | undefined, event: EventDraft): void {
    if (!this.isPending(session)) this.flush()
    this.#pendingSession = session
    this.#pending.push(event)
  }

  /** The account a failed AUTH tried: set on the held records, which are then emitted. */
  attempted(user: string): void {
    for (const event of this.#pending) {
      assignAccount(event, user)
    }
    this.flush()
  }

  flush(): void {
    if (this.#pending.length === 0) return
    const pending = this.#pending
    this.#pending = []
    this.#pendingSession = undefined
    for (const event of pending) this.#emit(event)
  }
}
