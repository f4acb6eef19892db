// WeChat open APIs as cloud.openapi calls them (`wx.openApi`): the request is
// a protobuf CommApiData of key/JSON-value pairs, the answer a protobuf
// CommOpenApiResp. subscribeMessage.send lands in an outbox; a user can be
// marked as not subscribed (errcode 43101, as WeChat answers when the user
// gave no consent), and the sends can be made slow (WeChat's API answering
// late, for tests of who waits on it); wxacode.getUnlimited returns a real QR code PNG. A call
// made by a function whose config.json does not list the API in
// permissions.openapi is refused with -604101, as in the cloud.
import protobuf from 'protobufjs'
import QRCode from 'qrcode'
import { CloudError, sendJson, type AdminCall, type EmulatorContext } from './context'
import { jsonObject, NOT_AN_OBJECT, refuse } from './console/input'
import { ConfigError, functionConfig } from './functions/config'

// The same messages and field numbers as wx-server-sdk's own codec.
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: { key: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 }, contenttype: { type: 'string', id: 3 }, filename: { type: 'string', id: 4 } },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: { fields: { apiType: { type: 'int32', id: 1 }, openapiData: { type: 'OpenApiData', id: 2 }, appid: { type: 'string', id: 6 } } },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
      },
    },
  },
})
const CommApiData = root.lookupType('CommApiData')
const CommOpenApiResp = root.lookupType('CommOpenApiResp')

export interface SubscribeMessage {
  id: number
  touser: string
  templateId: string
  page: string
  data: Record<string, { value: string }>
  status: 'sent' | 'refused'
  createdAt: number
}

function tables(emu: EmulatorContext) {
  emu.sqlite.exec(`
    CREATE TABLE IF NOT EXISTS _subscribe_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, touser TEXT, template_id TEXT,
      page TEXT, data TEXT, status TEXT, created_at INTEGER);
    CREATE TABLE IF NOT EXISTS _subscribe_refusals (openid TEXT PRIMARY KEY);
  `)
}

export function subscribeOutbox(emu: EmulatorContext): SubscribeMessage[] {
  tables(emu)
  return (emu.sqlite.prepare('SELECT * FROM _subscribe_outbox ORDER BY id DESC').all() as any[]).map((r) => ({
    id: r.id,
    touser: r.touser,
    templateId: r.template_id,
    page: r.page,
    data: JSON.parse(r.data),
    status: r.status,
    createdAt: r.created_at,
  }))
}

/** Whether `openid` declines subscribe messages (the emulator's stand-in for not having consented). */
export function openapiRefuseSubscribe(emu: EmulatorContext, openid: string, refuse = true) {
  tables(emu)
  if (refuse) emu.sqlite.prepare('INSERT OR IGNORE INTO _subscribe_refusals (openid) VALUES (?)').run(openid)
  else emu.sqlite.prepare('DELETE FROM _subscribe_refusals WHERE openid = ?').run(openid)
}

/** The openids currently marked as not subscribed. */
export function subscribeRefusals(emu: EmulatorContext): string[] {
  tables(emu)
  return (emu.sqlite.prepare('SELECT openid FROM _subscribe_refusals ORDER BY openid').all() as Array<{ openid: string }>).map((r) => r.openid)
}

/** While set, subscribe sends wait for it (a WeChat API that has not answered yet). */
const sendHolds = new WeakMap<EmulatorContext, Promise<void>>()

/** What tests and the dev console drive. */
export function openapi(emu: EmulatorContext) {
  return {
    /**
     * Holds every subscribeMessage.send until the returned function is called
     * (a slow WeChat API): what waits on a send is seen waiting, with no clock.
     */
    holdSends: (): (() => void) => {
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      sendHolds.set(emu, held)
      return () => {
        if (sendHolds.get(emu) === held) sendHolds.delete(emu)
        release()
      }
    },
    outbox: () => subscribeOutbox(emu),
    /** Marks `openid` as not subscribed (sends answer 43101) or, with `false`, subscribed again. */
    refuseSubscribe: (openid: string, refuse = true) => openapiRefuseSubscribe(emu, openid, refuse),
    refusals: () => subscribeRefusals(emu),
  }
}

/** The call's parameters: each pair's value is JSON text. */
function paramsOf(call: AdminCall): Record<string, any> {
  const raw = call.files.requestData
  if (!raw) throw new CloudError('INVALID_PARAM', 'requestData is required')
  let msg: { openapiData?: { pairs?: Array<{ key: string; value: Buffer }> } }
  try {
    msg = CommApiData.toObject(CommApiData.decode(raw), { bytes: Buffer })
  } catch {
    throw new CloudError('INVALID_PARAM', 'requestData is not a CommApiData protobuf')
  }
  const out: Record<string, any> = {}
  for (const { key, value } of msg.openapiData?.pairs ?? []) {
    const text = Buffer.from(value).toString('utf8')
    try {
      out[key] = JSON.parse(text)
    } catch {
      out[key] = text
    }
  }
  return out
}

function answer(respData: Buffer, contentType: string) {
  const body = Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create({ respData, contentType, httpCode: 200 })).finish())
  return { __raw: { contentType: 'application/octet-stream', body } }
}

const json = (value: unknown) => answer(Buffer.from(JSON.stringify(value)), 'application/json')

/** WeChat's -604101 "function has no permission to call this API": the SDK throws it as errCode -604101. */
const NO_PERMISSION = -604101

/**
 * Whether function `name` may call open API `apiName`: CloudBase grants a
 * function only the 云调用 APIs its config.json lists in permissions.openapi.
 */
export function functionMayCall(emu: EmulatorContext, name: string, apiName: string): boolean {
  try {
    return functionConfig(emu.config.functionsDir, name).permissions.openapi.includes(apiName)
  } catch (e) {
    if (e instanceof ConfigError) return false
    throw e
  }
}

export function registerOpenApi(emu: EmulatorContext) {
  tables(emu)
  const handlers: Record<string, (p: Record<string, any>) => Promise<ReturnType<typeof answer>> | ReturnType<typeof answer>> = {
    'subscribeMessage.send': async (p) => {
      await sendHolds.get(emu)
      if (!p.touser || !p.template_id) return json({ errcode: 47001, errmsg: 'data format error: touser and template_id are required' })
      const refused = !!emu.sqlite.prepare('SELECT 1 FROM _subscribe_refusals WHERE openid = ?').get(String(p.touser))
      emu.sqlite
        .prepare('INSERT INTO _subscribe_outbox (touser, template_id, page, data, status, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(String(p.touser), String(p.template_id), String(p.page ?? ''), JSON.stringify(p.data ?? {}), refused ? 'refused' : 'sent', emu.clock.now())
      return refused ? json({ errcode: 43101, errmsg: 'user refuse to accept the msg' }) : json({ errcode: 0, errmsg: 'ok' })
    },
    'wxacode.getUnlimited': async (p) => {
      const scene = String(p.scene ?? '')
      if (!scene || scene.length > 32) return json({ errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' })
      const png = await QRCode.toBuffer(scene, { type: 'png', width: Number(p.width) || 430, margin: 2 })
      return answer(png, 'image/png')
    },
  }

  emu.admin.set('wx.openApi', async (call) => {
    const apiName = String(call.body.apiName ?? '')
    // A call from a function needs the permission; one from outside any function (a test using the SDK) does not.
    if (call.invocation && !functionMayCall(emu, call.invocation.functionName, apiName)) {
      const body = Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create({ errorCode: NO_PERMISSION, httpCode: 200 })).finish())
      return { __raw: { contentType: 'application/octet-stream', body } }
    }
    const handler = handlers[apiName]
    if (!handler) throw new CloudError('INVALID_ACTION', `the emulator does not implement openapi ${call.body.apiName}`)
    return handler(paramsOf(call))
  })

  emu.routes.push(
    {
      method: 'GET',
      prefix: '/console/api/subscribe',
      handler: (_req, res) => sendJson(res, 200, { messages: subscribeOutbox(emu), refusals: subscribeRefusals(emu) }),
    },
    {
      // { openid, refuse: true|false }: the user has (not) consented to subscribe messages.
      method: 'POST',
      prefix: '/console/api/subscribe/refuse',
      handler: (_req, res, _url, body) => {
        const input = jsonObject(body)
        if (!input) return refuse(res, NOT_AN_OBJECT)
        if (typeof input.openid !== 'string' || !input.openid) return refuse(res, 'openid 必须是非空字符串')
        if (input.refuse !== undefined && typeof input.refuse !== 'boolean') return refuse(res, 'refuse 必须是 true 或 false')
        openapiRefuseSubscribe(emu, input.openid, input.refuse !== false)
        sendJson(res, 200, { ok: true, refusals: subscribeRefusals(emu) })
      },
    },
  )
}
