import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../emulator/server'
import { browse, seedDocuments } from '../../emulator/database'
import { startTestEmulator } from '../support/emulator'
import { as, ok } from '../support/functions'

let emu: Emulator

beforeAll(async () => {
  emu = await startTestEmulator()
  seedDocuments(emu, { staff: [{ _id: 'staff-r', openid: 'o-reviewer', name: '审核员', roles: ['reviewer'], active: true }] })
})
afterAll(async () => {
  await emu?.close()
})

describe('sign-in', () => {
  it('When a new user calls login twice at once, then exactly one user is created', async () => {
    const call = as(emu, 'o-new-user')
    const [a, b] = await Promise.all([call('user', 'login', {}), call('user', 'login', {})])
    expect(ok<any>(a).profile.id).toBe(ok<any>(b).profile.id)
    expect(browse(emu, 'users', { limit: 1000 }).filter((u) => u.openid === 'o-new-user')).toHaveLength(1)
    expect(ok<any>(a).profile).toMatchObject({ roles: [], isStaff: false })
  })

  it('When a seeded reviewer logs in, then the profile carries the reviewer role', async () => {
    const { profile } = ok<any>(await as(emu, 'o-reviewer')('user', 'login', {}))
    expect(profile).toMatchObject({ roles: ['reviewer'], isStaff: true })
  })

  it('When the event claims another identity, then the platform identity is used', async () => {
    const { profile } = ok<any>(await as(emu, 'o-plain')('user', 'login', {}))
    const again = await emu.functions.invoke('user', { action: 'login', input: {}, openid: 'o-reviewer' }, { openid: 'o-plain' })
    const claimed = ok<any>(again.result as any).profile
    expect(claimed).toMatchObject({ id: profile.id, isStaff: false, roles: [] })
  })

  it('When many users call at once, then each sees only their own identity', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `o-parallel-${i}`)
    const results = await Promise.all(ids.map((id) => as(emu, id)('user', 'login', {})))
    const users = browse(emu, 'users', { limit: 1000 })
    results.forEach((r, i) => {
      const id = ok<any>(r).profile.id
      expect(users.find((u) => u._id === id)?.openid).toBe(ids[i])
    })
  })
})
