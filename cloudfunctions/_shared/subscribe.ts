// Sending one WeChat subscribe message (cloud.openapi.subscribeMessage.send),
// the one way every domain's notices go out. Template ids are function
// configuration (the env name given; scripts/lib/local-cloud.ts lists the
// local values), and a function that sends must list subscribeMessage.send
// in its config.json permissions.
//
// A notice is a courtesy: a missing template, a user who did not subscribe
// (43101) or any other failure is logged and answered false, never thrown.
import { cloud } from './cloud'

/** WeChat's `thing` fields hold at most 20 characters. */
export const thing = (s: string) => Array.from(s).slice(0, 20).join('')

export async function sendSubscribe(touser: string, templateEnv: string, page: string, fields: Record<string, string>): Promise<boolean> {
  const templateId = process.env[templateEnv]
  if (!templateId) {
    console.error(`[notice] missing function configuration ${templateEnv}; notice to ${touser} not sent`)
    return false
  }
  try {
    const data = Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value: k.startsWith('thing') ? thing(value) : value }]))
    await cloud.openapi.subscribeMessage.send({ touser, templateId, page, data })
    return true
  } catch (e) {
    const err = e as { errCode?: number; errcode?: number; errMsg?: string; message?: string }
    console.error(`[notice] ${templateEnv} not sent to ${touser}:`, err.errCode ?? err.errcode ?? '', err.errMsg ?? err.message ?? e)
    return false
  }
}
