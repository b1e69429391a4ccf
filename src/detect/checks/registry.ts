// The checks of the built-in pack, listed explicitly (no registration by import side effect).
import type { Check } from './check.js'
import { smtpRelayCheck } from './smtp-relay.js'

export const CHECKS: readonly Check[] = [smtpRelayCheck]
