// Who may call an action (src/domain/contracts/access.ts): the rule route() enforces.
import { describe, expect, it } from 'vitest'
import { allows, anyUser, staff, type Access } from '../../src/domain/contracts/access'
import type { Role } from '../../src/domain/contracts/user'

const table: Array<[string, Access, Role[], boolean]> = [
  ['any user: a driver', anyUser, [], true],
  ['any user: a reviewer', anyUser, ['reviewer'], true],
  ['reviewers: a driver', staff('reviewer'), [], false],
  ['reviewers: a reviewer', staff('reviewer'), ['reviewer'], true],
  ['reviewers: a guard', staff('reviewer'), ['guard'], false],
  ['reviewers: an admin', staff('reviewer'), ['admin'], true],
  ['reviewers or guards: a guard', staff('reviewer', 'guard'), ['guard'], true],
  ['guards: a reviewer who is also a guard', staff('guard'), ['reviewer', 'guard'], true],
  ['admins: a reviewer', staff('admin'), ['reviewer'], false],
  ['admins: an admin', staff('admin'), ['admin'], true],
]

describe('allows', () => {
  it.each(table)('%s', (_name, access, roles, expected) => {
    expect(allows(access, roles)).toBe(expected)
  })
})
