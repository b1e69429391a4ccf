// Business hours for the checks: the context's business_hours in its time zone, or, without them,
// mon-fri 08:00-18:00 (said so in the findings); instants are compared in SQL as local wall-clock time.
import type { BusinessHours, CaseContext } from '../../context/case-context.js'
import { bind, bindList } from './match-groups.js'

export interface Hours extends BusinessHours {
  zone: string
  /** True when the context gave none and the default is used. */
  assumed: boolean
}

const DEFAULT: BusinessHours = { days: [1, 2, 3, 4, 5], start: 8 * 60, end: 18 * 60 }
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

export function businessHoursOf(context: CaseContext): Hours {
  return { ...(context.businessHours ?? DEFAULT), zone: context.timeZone ?? 'UTC', assumed: context.businessHours === undefined }
}

/** SQL true when the UTC TIMESTAMP `expression` falls outside business hours. */
export function outsideHoursSql(expression: string, hours: Hours, params: unknown[]): string {
  const local = `timezone(${bind(params, hours.zone)}, ${expression} AT TIME ZONE 'UTC')`
  const minute = `(hour(${local}) * 60 + minute(${local}))`
  return `(dayofweek(${local}) NOT IN ${bindList(params, hours.days)} OR ${minute} < ${bind(params, hours.start)} OR ${minute} >= ${bind(params, hours.end)})`
}

/** "business hours mon-fri 08:00-18:00 Europe/London" (", assumed" without a context). */
export function describeHours(hours: Hours): string {
  const time = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
  const days = hours.days.length === 1 ? DAY_NAMES[hours.days[0]!] : `${DAY_NAMES[hours.days[0]!]}-${DAY_NAMES[hours.days.at(-1)!]}`
  return `business hours ${days} ${time(hours.start)}-${time(hours.end)} ${hours.zone}${hours.assumed ? ', assumed' : ''}`
}
