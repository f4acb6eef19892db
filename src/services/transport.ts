// How a call reaches a cloud function, per platform. On weapp it is
// wx.cloud.callFunction; the H5 build has no wx.cloud (FIELD-NOTES §1), so it
// posts to the local emulator's bridge, which runs the same function with the
// identity chosen in the dev console. Each build keeps only its own branch.
import Taro from '@tarojs/taro'

export interface FunctionCall {
  name: string
  data: unknown
}

let cloudReady = false

/** wx.cloud.init, once (app launch calls it; a call before launch would too). No-op on H5. */
export function initCloud() {
  if (process.env.TARO_ENV === 'weapp' && !cloudReady) {
    Taro.cloud.init({ traceUser: true })
    cloudReady = true
  }
}

export async function callFunction({ name, data }: FunctionCall): Promise<unknown> {
  if (process.env.TARO_ENV === 'weapp') {
    initCloud()
    const res = await Taro.cloud.callFunction({ name, data: data as Record<string, unknown> })
    return res.result
  }
  const res = await fetch('/h5/callFunction', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, data }),
  })
  if (!res.ok) throw new Error(`callFunction ${name}: HTTP ${res.status}`)
  const body = (await res.json()) as { result?: unknown }
  return body.result
}
