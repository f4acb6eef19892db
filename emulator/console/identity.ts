// Which seeded person the H5 app acts as. One current identity, kept in
// SQLite so it survives restarts; the H5 bridge uses it for every call.
import type { EmulatorContext } from '../context'

export interface Person {
  openid: string
  name: string
  label: string
}

const people = new WeakMap<EmulatorContext, Person[]>()

function table(emu: EmulatorContext) {
  emu.sqlite.exec('CREATE TABLE IF NOT EXISTS _dev_state (key TEXT PRIMARY KEY, value TEXT)')
}

export function setPeople(emu: EmulatorContext, list: Person[]) {
  people.set(emu, list)
  if (!currentIdentity(emu) && list[0]) setIdentity(emu, list[0].openid)
}

export function listPeople(emu: EmulatorContext): Person[] {
  return people.get(emu) ?? []
}

export function currentIdentity(emu: EmulatorContext): string | undefined {
  table(emu)
  const row = emu.sqlite.prepare("SELECT value FROM _dev_state WHERE key = 'identity'").get() as { value: string } | undefined
  return row?.value
}

export function setIdentity(emu: EmulatorContext, openid: string) {
  table(emu)
  emu.sqlite.prepare("INSERT OR REPLACE INTO _dev_state (key, value) VALUES ('identity', ?)").run(openid)
}
