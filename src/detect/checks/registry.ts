// The checks of the built-in pack, listed explicitly (no registration by import side effect).
import { accountSpreadCheck } from './account-spread.js'
import { bruteForceSuccessCheck } from './brute-force-success.js'
import type { Check } from './check.js'
import { offPublicationCheck } from './off-publication.js'
import { smtpRelayCheck } from './smtp-relay.js'
import { unknownBrowserCheck } from './unknown-browser.js'

export const CHECKS: readonly Check[] = [offPublicationCheck, unknownBrowserCheck, accountSpreadCheck, bruteForceSuccessCheck, smtpRelayCheck]
