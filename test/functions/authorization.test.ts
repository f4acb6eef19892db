// Generated from the contracts: every action of every function, called as
// every kind of caller exactly as the app calls it. A caller the action's
// `access` does not admit is refused (FORBIDDEN, or UNAUTHENTICATED without
// an OPENID) and the database is unchanged; a caller it admits is not refused
// for who they are. The inputs are valid and name real rows (samples.ts), so
// a call that got past the router would act on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { seedDocuments } from '../../emulator/database'
import { allows, contracts, type ActionContract } from '../../src/domain/contracts'
import { Role } from '../../src/domain/contracts/user'
import { ERROR_MESSAGES } from '../../src/domain/errors'
import { startTestEmulator } from '../support/emulator'
import { as } from '../support/functions'
import { sampleOf, seedSampleRows, snapshotDatabase } from '../support/samples'

interface Identity {
  name: string
  openid: string
  /** The roles the caller effectively holds; null when not signed in. */
  roles: Role[] | null
}

const ROLES = Role.options as Role[]

const IDENTITIES: Identity[] = [
  { name: 'a driver (no staff document)', openid: 'o-authz-driver', roles: [] },
  ...ROLES.map((r) => ({ name: `staff: ${r}`, openid: `o-authz-${r}`, roles: [r] })),
  { name: 'an inactive staff member holding every role', openid: 'o-authz-inactive', roles: [] },
  { name: 'no OPENID', openid: '', roles: null },
]

const admitted = (access: ActionContract['access'], who: Identity) => who.roles !== null && allows(access, who.roles)

const actions = Object.entries(contracts).flatMap(([fn, contract]) =>
  Object.entries(contract as Record<string, ActionContract>).map(([action, spec]) => ({ fn, action, spec })),
)

let emu: Emulator

beforeAll(async () => {
  emu = await startTestEmulator()
  seedSampleRows(emu)
  seedDocuments(emu, {
    staff: [
      ...ROLES.map((r) => ({ _id: `staff-authz-${r}`, openid: `o-authz-${r}`, name: `测试${r}`, roles: [r], active: true })),
      { _id: 'staff-authz-inactive', openid: 'o-authz-inactive', name: '离职员工', roles: ROLES, active: false },
    ],
  })
})
afterAll(async () => {
  await emu?.close()
})

describe('every action declares who may call it, and has a sample input', () => {
  it.each(actions.map((a) => [`${a.fn}.${a.action}`, a] as const))('%s', (name, { fn, action, spec }) => {
    expect(spec.access === 'user' || (Array.isArray(spec.access) && spec.access.length > 0), `${name}: access must be anyUser or staff(…)`).toBe(true)
    const sample = sampleOf(fn, action)
    expect(sample, `${name} has no sample input: add one to SAMPLES in test/support/samples.ts`).toBeDefined()
    const parsed = spec.input.safeParse(sample)
    expect(parsed.success, `${name}: the sample input is not valid for the contract: ${parsed.error?.issues.map((i) => i.message).join('; ')}`).toBe(true)
  })
})

describe('the router admits exactly the callers the contract names', () => {
  it('When every identity kind is in play, then each action refuses someone and admits someone', () => {
    // Guards the generated test itself: the identities must tell the accesses apart.
    for (const { fn, action, spec } of actions) {
      expect(IDENTITIES.some((who) => admitted(spec.access, who)), `${fn}.${action} admits nobody`).toBe(true)
      expect(IDENTITIES.some((who) => !admitted(spec.access, who)), `${fn}.${action} refuses nobody`).toBe(true)
    }
  })

  it.each(actions.map((a) => [`${a.fn}.${a.action}`, a] as const))('%s', async (name, { fn, action, spec }) => {
    const input = sampleOf(fn, action)
    expect(input, `${name} has no sample input: add one to SAMPLES in test/support/samples.ts`).toBeDefined()

    const refused = IDENTITIES.filter((who) => !admitted(spec.access, who))
    const before = snapshotDatabase(emu)
    const answers = await Promise.all(refused.map((who) => as(emu, who.openid)(fn, action, input)))
    refused.forEach((who, i) => {
      const code = who.roles === null ? 'UNAUTHENTICATED' : 'FORBIDDEN'
      expect(answers[i], `${name} as ${who.name}`).toEqual({ ok: false, error: { code, message: ERROR_MESSAGES[code] } })
    })
    expect(snapshotDatabase(emu), `${name}: a refused call wrote to the database`).toBe(before)

    // One at a time: an admitted call may act on the sample's row, and the next then finds it moved.
    for (const who of IDENTITIES.filter((w) => admitted(spec.access, w))) {
      const answer = await as(emu, who.openid)(fn, action, input)
      const code = answer.ok ? null : answer.error.code
      expect(['FORBIDDEN', 'UNAUTHENTICATED', 'INTERNAL', 'BAD_INPUT', 'UNKNOWN_ACTION'], `${name} as ${who.name} answered ${code}`).not.toContain(code)
    }
  })
})
