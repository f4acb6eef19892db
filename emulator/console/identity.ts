// Who the H5 app acts as. Each browser tab may choose a seeded person for
// itself (`?as=<openid>` on the app URL; the H5 app keeps it in the tab and
// sends it as the x-dev-openid header), so a guard and a host can use the app
// side by side; a tab that has not chosen acts as the console's default
// identity, kept in SQLite so it survives restarts.
import type { IncomingMessage } from 'node:http'
import type { EmulatorContext } from '../context'

export interface Person {
  openid: string
  name: string
  label: string
}

/** The header the H5 app sends with the tab's chosen person. */
export const IDENTITY_HEADER = 'x-dev-openid'

const people = new WeakMap<EmulatorContext, Person[]>()
const appUrls = new WeakMap<EmulatorContext, string>()

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

/** Where the H5 app is, for the console's 在新标签页打开 links (`npm run dev` serves it on its own port); `/` when the emulator serves it. */
export function setAppUrl(emu: EmulatorContext, url: string) {
  appUrls.set(emu, url)
}

export function appUrlOf(emu: EmulatorContext): string {
  return appUrls.get(emu) ?? '/'
}

/** The console's default identity: what a tab that has not chosen acts as. */
export function currentIdentity(emu: EmulatorContext): string | undefined {
  table(emu)
  const row = emu.sqlite.prepare("SELECT value FROM _dev_state WHERE key = 'identity'").get() as { value: string } | undefined
  return row?.value
}

export function setIdentity(emu: EmulatorContext, openid: string) {
  table(emu)
  emu.sqlite.prepare("INSERT OR REPLACE INTO _dev_state (key, value) VALUES ('identity', ?)").run(openid)
}

export type H5Identity = { openid: string; source: 'tab' | 'console' } | { refused: string }

/**
 * Who an H5 request acts as: `asked` (the tab's choice) when it names a
 * seeded person, refused when it names anyone else; without a choice, the
 * console's default identity.
 */
export function resolveIdentity(emu: EmulatorContext, asked: string): H5Identity {
  if (asked) {
    if (listPeople(emu).some((p) => p.openid === asked)) return { openid: asked, source: 'tab' }
    return { refused: `没有这个人：${asked}（只能选择开发控制台身份列表中的人）` }
  }
  const openid = currentIdentity(emu)
  return openid ? { openid, source: 'console' } : { refused: '开发控制台尚未选择身份' }
}

/** Who an H5 request (callFunction, uploadFile, the pay sheet) acts as: its tab's x-dev-openid header, else the console's default. */
export function h5Identity(emu: EmulatorContext, req: IncomingMessage): H5Identity {
  return resolveIdentity(emu, String(req.headers[IDENTITY_HEADER] ?? ''))
}
