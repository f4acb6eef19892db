// The dev console: a page at /console and its JSON API under /console/api.
// Each emulator area adds its own API routes; this module serves the page,
// the identity switcher and the read-only collection browser.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { sendJson, type EmulatorContext } from '../context'
import { browse, listCollections } from '../database'
import { appUrlOf, currentIdentity, listPeople, resolveIdentity, setIdentity } from './identity'
import { jsonObject, NOT_AN_OBJECT } from './input'

export { setPeople, setAppUrl, currentIdentity, h5Identity } from './identity'
export type { Person } from './identity'

const PAGE = path.join(__dirname, 'page.html')

export function registerConsole(emu: EmulatorContext) {
  emu.routes.push(
    {
      method: 'GET',
      prefix: '/console/api/identity',
      handler: (_req, res) => {
        const people = listPeople(emu)
        const openid = currentIdentity(emu)
        sendJson(res, 200, { current: people.find((p) => p.openid === openid) ?? null, people, appUrl: appUrlOf(emu) })
      },
    },
    {
      // The H5 app asks before a tab takes `?as=<openid>` from its URL: 200 with the person, or 403 and why not.
      method: 'GET',
      prefix: '/h5/identity',
      handler: (_req, res, url) => {
        const who = resolveIdentity(emu, url.searchParams.get('as') ?? '')
        if ('refused' in who) return sendJson(res, 403, { message: who.refused })
        sendJson(res, 200, { person: listPeople(emu).find((p) => p.openid === who.openid) ?? null, source: who.source })
      },
    },
    {
      method: 'POST',
      prefix: '/console/api/identity',
      handler: (_req, res, _url, body) => {
        const input = jsonObject(body)
        if (!input) return sendJson(res, 400, { message: NOT_AN_OBJECT })
        if (typeof input.openid !== 'string' || !input.openid) return sendJson(res, 400, { message: 'openid 必须是非空字符串' })
        const openid = input.openid
        const person = listPeople(emu).find((p) => p.openid === openid)
        if (!person) return sendJson(res, 400, { message: `没有这个人：${openid}` })
        setIdentity(emu, openid)
        sendJson(res, 200, { current: person })
      },
    },
    {
      method: 'GET',
      prefix: '/console/api/db/collections',
      handler: (_req, res) => sendJson(res, 200, { collections: listCollections(emu) }),
    },
    {
      method: 'GET',
      prefix: '/console/api/db/browse',
      handler: (_req, res, url) => {
        const name = url.searchParams.get('name') ?? ''
        const skip = Math.max(0, Number(url.searchParams.get('skip') ?? 0) || 0)
        const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50))
        sendJson(res, 200, { name, skip, limit, documents: browse(emu, name, { skip, limit }) })
      },
    },
    {
      method: 'GET',
      prefix: '/console',
      handler: (_req, res) => {
        const html = readFileSync(PAGE)
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(html)
      },
    },
  )
}
