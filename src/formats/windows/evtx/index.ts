// The EVTX reader's public surface.
export { readEvtx } from './read-evtx.js'
export type { ReadEvtxOptions } from './read-evtx.js'
export type { EvtxRecord } from './evtx-record.js'
export { EVTX_PROBLEM_CODES } from './evtx-problem.js'
export type { EvtxProblem, EvtxProblemCode, EvtxReport } from './evtx-problem.js'
export type { EvtxFileHeader } from './file-header.js'
