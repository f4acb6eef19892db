// Generated from the contracts: every action of every function receives
// malformed inputs — built from its input schema (`_zod.def`) around its
// valid sample, plus a fixed list of garbage — and must refuse each cleanly:
// BAD_INPUT with a Chinese message, never INTERNAL, and nothing written.
// A candidate counts as malformed only if the contract rejects it once it has
// crossed the wire as JSON (as the SDK sends it); at least MIN_PER_ACTION
// must remain per action. The caller holds every staff role, so access does
// not hide how the input is handled.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { seedDocuments } from '../../emulator/database'
import { contracts, type ActionContract } from '../../src/domain/contracts'
import { Role } from '../../src/domain/contracts/user'
import type { ZodType } from '../../src/domain/zod'
import { startTestEmulator } from '../support/emulator'
import { sampleOf, seedSampleRows, snapshotDatabase } from '../support/samples'

const MIN_PER_ACTION = 30
const BATCH = 4
const STAFF = 'o-fuzz-admin'
const CHINESE = /[\u4e00-\u9fff]/

const HUGE = 'a'.repeat(100 * 1024)
const HUGE_CN = '车'.repeat(35 * 1024) // ~100 KB in UTF-8
const deepObject = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))
const deepArray = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth))
/** Own `__proto__` / `constructor` keys, as JSON.parse makes them (an object literal would set the prototype). */
const protoKey = (value: unknown) => JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`)

/** Wrong values for any one field: types, operators, odd strings, sizes. */
const BAD_VALUES: unknown[] = [
  null,
  0,
  -1,
  1.5,
  123456789012345,
  true,
  false,
  [],
  ['x'],
  {},
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $in: ['x'] },
  { $exists: true },
  { $where: 'sleep(1000)' },
  protoKey({ polluted: true }),
  { constructor: { prototype: { polluted: true } } },
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '',
  '   ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001b[31m\u007f',
  '\r\n\t',
  HUGE,
  HUGE_CN,
  deepObject(500),
  deepArray(500),
]

/** Garbage for the whole input, whatever the action. */
const GARBAGE_INPUTS: unknown[] = [
  null,
  'x',
  '',
  '{}',
  42,
  0,
  -1,
  true,
  false,
  [],
  [{}],
  ['a', 1, null],
  'NaN',
  'Infinity',
  HUGE,
  { $ne: null },
  { $gt: '' },
  { $regex: '.*' },
  { $where: 'this.openid != ""' },
  { $or: [{}, { a: 1 }] },
  protoKey({ polluted: true }),
  protoKey('x'),
  { constructor: { prototype: { polluted: true } } },
  { prototype: {} },
  { toString: 'x' },
  { hasOwnProperty: 1 },
  { '': 1 },
  { '\u0000': 1 },
  { [HUGE]: 1 },
  deepObject(1000),
  deepArray(1000),
]

type Def = { type: string; shape?: Record<string, ZodType>; in?: ZodType; innerType?: ZodType; element?: ZodType; valueType?: ZodType }
const defOf = (schema: ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def

/** What a schema accepts at heart: through pipes, with whether the field may be left out. */
function core(schema: ZodType): { def: Def; optional: boolean } {
  let def = defOf(schema)
  let optional = false
  for (;;) {
    if (def.type === 'optional') optional = true
    if ((def.type === 'optional' || def.type === 'nullable' || def.type === 'default') && def.innerType) def = defOf(def.innerType)
    else if (def.type === 'pipe' && def.in) def = defOf(def.in)
    else return { def, optional }
  }
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Malformed variants of `value`, a valid value of `schema`: each is the whole replacement. */
function variants(schema: ZodType, value: unknown): unknown[] {
  const { def } = core(schema)
  const out: unknown[] = [...BAD_VALUES]
  if (def.type === 'object' && def.shape && isPlain(value)) {
    for (const [key, field] of Object.entries(def.shape)) {
      if (!core(field).optional) out.push(omit(value, key))
      for (const v of variants(field, value[key])) out.push({ ...value, [key]: v })
    }
    out.push({ ...value, extra: 1 }, { ...value, _id: 'x' }, { ...value, openid: 'o-someone-else' }, { ...value, $set: { status: 'APPROVED' } })
    out.push(Object.assign(protoKey({ polluted: true }), value), { ...value, constructor: 'x' })
  }
  if (def.type === 'record' && def.valueType && isPlain(value)) {
    const [key = 'k', sample = 'x'] = Object.entries(value)[0] ?? []
    for (const v of BAD_VALUES) out.push({ ...value, [key]: v })
    out.push({ ...value, [HUGE]: sample }, { ...value, 'a\u0000': sample }, { ...value, $where: sample })
    out.push(Object.assign(protoKey({ polluted: true }), value), { ...value, constructor: { prototype: {} } })
  }
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    for (const v of BAD_VALUES) out.push([v])
    out.push([...value, ...BAD_VALUES.slice(0, 3)], Array.from({ length: 100 }, () => value[0]), value.length ? [value[0], HUGE] : [HUGE])
  }
  return out
}

function omit(value: Record<string, unknown>, key: string) {
  const copy = { ...value }
  delete copy[key]
  return copy
}

/** The malformed inputs of one action: distinct, as the wire carries them, each rejected by the contract. */
function malformedInputs(spec: ActionContract, sample: unknown): { inputs: unknown[]; generated: number } {
  const seen = new Set<string>()
  const inputs: unknown[] = []
  const candidates = [...GARBAGE_INPUTS, ...variants(spec.input, sample)]
  for (const candidate of candidates) {
    const json = JSON.stringify(candidate)
    if (json === undefined) continue
    const key = createHash('sha1').update(json).digest('hex')
    if (seen.has(key)) continue
    seen.add(key)
    const wire = JSON.parse(json)
    if (!spec.input.safeParse(wire).success) inputs.push(wire)
  }
  return { inputs, generated: candidates.length }
}

const actions = Object.entries(contracts).flatMap(([fn, contract]) =>
  Object.entries(contract as Record<string, ActionContract>).map(([action, spec]) => ({ fn, action, spec })),
)

let emu: Emulator

async function invoke(fn: string, event: unknown) {
  const { result } = await emu.functions.invoke(fn, event, { openid: STAFF })
  return result as { ok: boolean; error?: { code: string; message: string } }
}

/** Runs `tasks` a few at a time. */
async function inBatches<T>(items: T[], run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(run))
}

beforeAll(async () => {
  emu = await startTestEmulator()
  seedSampleRows(emu)
  seedDocuments(emu, { staff: [{ _id: 'staff-fuzz', openid: STAFF, name: '全部角色', roles: Role.options, active: true }] })
})
afterAll(async () => {
  await emu?.close()
})

describe('malformed inputs are refused cleanly and write nothing', () => {
  it.each(actions.map((a) => [`${a.fn}.${a.action}`, a] as const))('%s', async (name, { fn, action, spec }) => {
    const sample = sampleOf(fn, action)
    expect(sample, `${name} has no sample input: add one to SAMPLES in test/support/samples.ts`).toBeDefined()
    const { inputs } = malformedInputs(spec, sample)
    expect(inputs.length, `${name}: too few malformed inputs`).toBeGreaterThanOrEqual(MIN_PER_ACTION)

    const before = snapshotDatabase(emu)
    const failures: string[] = []
    await inBatches(inputs, async (input) => {
      const answer = await invoke(fn, { action, input })
      const error = answer.ok ? undefined : answer.error
      if (!error || error.code !== 'BAD_INPUT' || !CHINESE.test(error.message)) {
        failures.push(`${JSON.stringify(input).slice(0, 120)} → ${JSON.stringify(answer).slice(0, 200)}`)
      }
    })
    expect(failures, `${name}: not a clean refusal`).toEqual([])
    expect(snapshotDatabase(emu), `${name}: a malformed input wrote to the database`).toBe(before)
  })
})

describe('malformed events are refused cleanly', () => {
  const events: unknown[] = [
    null,
    'x',
    42,
    [],
    {},
    { input: {} },
    { action: 123 },
    { action: null },
    { action: { $ne: null } },
    { action: ['list'] },
    { action: '' },
    { action: '__proto__' },
    { action: 'constructor' },
    { action: 'toString' },
    { action: 'hasOwnProperty' },
    { action: 'valueOf' },
    { action: HUGE },
    { action: 'list\u0000' },
  ]

  it.each(Object.keys(contracts))('%s', async (fn) => {
    const before = snapshotDatabase(emu)
    const failures: string[] = []
    await inBatches(events, async (event) => {
      const answer = await invoke(fn, event)
      if (answer.ok || answer.error?.code !== 'UNKNOWN_ACTION' || !CHINESE.test(answer.error.message)) {
        failures.push(`${JSON.stringify(event).slice(0, 120)} → ${JSON.stringify(answer).slice(0, 200)}`)
      }
    })
    expect(failures).toEqual([])
    expect(snapshotDatabase(emu)).toBe(before)
  })
})
