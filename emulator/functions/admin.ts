// `functions.invokeFunction`: cloud.callFunction from inside a function, and
// the H5 bridge that stands in for wx.cloud.callFunction in the browser.
import type { EmulatorContext } from '../context'
import { CloudError, sendJson } from '../context'
import { FunctionError } from './runtime'
import { h5Identity } from '../console/identity'

export function registerFunctions(emu: EmulatorContext) {
  emu.admin.set('functions.invokeFunction', async (call) => {
    // Both fields are checked before anything runs: a wrong type is the caller's INVALID_PARAM.
    const name = call.body.function_name
    if (typeof name !== 'string' || !name) throw new CloudError('INVALID_PARAM', 'function_name must be a non-empty string')
    const data = call.body.request_data
    if (data !== undefined && data !== null && typeof data !== 'string') throw new CloudError('INVALID_PARAM', 'request_data must be a JSON string')
    let event: unknown = {}
    try {
      event = data ? JSON.parse(data) : {}
    } catch {
      throw new CloudError('INVALID_PARAM', 'request_data must be a JSON string')
    }
    if (!emu.functions.exists(name)) throw new CloudError('FUNCTIONS_EXECUTE_FAIL', `FunctionName parameter could not be found: ${name.slice(0, 100)}`)
    const caller = call.invocation ?? { openid: '', appid: undefined, clientIp: undefined }
    try {
      const { result } = await emu.functions.invoke(name, event, caller)
      return { data: { response_data: JSON.stringify(result) } }
    } catch (e) {
      if (e instanceof FunctionError) throw new CloudError('FUNCTIONS_EXECUTE_FAIL', e.message)
      throw e
    }
  })

  // The H5 build has no wx.cloud: it posts { name, data } here, acting as its
  // tab's person (x-dev-openid, a seeded person only) or the console's default.
  emu.routes.push({
    method: 'POST',
    prefix: '/h5/callFunction',
    handler: async (req, res, _url, body) => {
      let payload: { name?: string; data?: unknown }
      try {
        payload = JSON.parse(body.toString('utf8') || '{}')
      } catch {
        return sendJson(res, 400, { errMsg: 'cloud.callFunction:fail invalid JSON' })
      }
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return sendJson(res, 400, { errMsg: 'cloud.callFunction:fail invalid JSON' })
      const who = h5Identity(emu, req)
      if ('refused' in who) return sendJson(res, 403, { errMsg: `cloud.callFunction:fail ${who.refused}` })
      const { openid } = who
      const name = String(payload.name ?? '')
      try {
        const { result } = await emu.functions.invoke(name, payload.data ?? {}, { openid, clientIp: req.socket.remoteAddress ?? '127.0.0.1' })
        sendJson(res, 200, { result, errMsg: 'cloud.callFunction:ok' })
      } catch (e) {
        sendJson(res, 500, { errMsg: `cloud.callFunction:fail ${(e as Error).message}` })
      }
    },
  })
}
