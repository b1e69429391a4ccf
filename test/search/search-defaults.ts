// What the search tests share: where the fixtures are, the default console widths, plain literal matching.
import path from 'node:path'
import type { PatternOptions } from '../../src/search/search-pattern.js'
import { DEFAULT_CONSOLE_WIDTHS } from '../../src/search/wrapped-line-joiner.js'

export const FIXTURES = path.join(process.cwd(), 'test', 'search', 'fixtures')
export const WIDTHS: ReadonlySet<number> = new Set(DEFAULT_CONSOLE_WIDTHS)
export const LITERAL: PatternOptions = { regex: false, ignoreCase: false, ignoreSeparators: false }
