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

async function viaCloud({ name, data }: FunctionCall): Promise<unknown> {
  initCloud()
  const res = await Taro.cloud.callFunction({ name, data: data as Record<string, unknown> })
  return res.result
}

async function viaEmulator({ name, data }: FunctionCall): Promise<unknown> {
  const res = await fetch('/h5/callFunction', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, data }),
  })
  if (!res.ok) throw new Error(`callFunction ${name}: HTTP ${res.status}`)
  const body = (await res.json()) as { result?: unknown }
  return body.result
}

// Chosen by a constant expression rather than an `if` inside one function:
// the build replaces TARO_ENV, the minifier folds the choice and drops the
// other function. (An early `return` inside an async function does not let it
// drop the code after it: weapp kept the H5 fetch before this.)
export const callFunction: (call: FunctionCall) => Promise<unknown> = process.env.TARO_ENV === 'weapp' ? viaCloud : viaEmulator
